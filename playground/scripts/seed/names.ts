/**
 * Word lists for names, companies and texts. Kept here rather than drawn from @faker-js/faker:
 * faker 10 is an ES module only, which Jest (CommonJS, Node 20) cannot load, and tests call seedCrm.
 */
// prettier-ignore
export const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adam', 'Adrian', 'Aisha', 'Alan', 'Alex', 'Alice', 'Amelia', 'Amir',
  'Ana', 'Andrea', 'Andrew', 'Anna', 'Arjun', 'Ben', 'Beatriz', 'Carla', 'Carlos', 'Caroline',
  'Chen', 'Chloe', 'Chris', 'Clara', 'Daniel', 'David', 'Diana', 'Diego', 'Dmitri', 'Elena',
  'Eli', 'Emily', 'Emma', 'Eric', 'Fatima', 'Felix', 'Fiona', 'Gabriel', 'Grace', 'Hana',
  'Hannah', 'Hiro', 'Ian', 'Ines', 'Isaac', 'Isabel', 'Ivan', 'Jack', 'James', 'Jana',
  'Javier', 'Jin', 'Joao', 'Jonas', 'Julia', 'Kai', 'Karen', 'Kenji', 'Kevin', 'Laura',
  'Leila', 'Leo', 'Liam', 'Lina', 'Lucas', 'Lucia', 'Maria', 'Marco', 'Mark', 'Maya',
  'Mei', 'Mia', 'Michael', 'Mohamed', 'Nadia', 'Nathan', 'Nina', 'Noah', 'Olivia', 'Omar',
  'Oscar', 'Paula', 'Pedro', 'Priya', 'Rachel', 'Rafael', 'Ravi', 'Rosa', 'Ryan', 'Sara',
  'Sofia', 'Sven', 'Tariq', 'Thomas', 'Tom', 'Valentina', 'Victor', 'Yara', 'Yuki', 'Zoe',
];

// prettier-ignore
export const LAST_NAMES = [
  'Adams', 'Ahmed', 'Alvarez', 'Andersen', 'Bakker', 'Baker', 'Becker', 'Bernard', 'Brown', 'Campbell',
  'Carter', 'Chen', 'Clarke', 'Costa', 'Cruz', 'Da Silva', 'Davies', 'Dubois', 'Edwards', 'Evans',
  'Fischer', 'Fernandez', 'Garcia', 'Gomez', 'Gonzalez', 'Green', 'Gupta', 'Hall', 'Hansen', 'Harris',
  'Hernandez', 'Hoffmann', 'Hughes', 'Ito', 'Jackson', 'Jansen', 'Johnson', 'Jones', 'Kaur', 'Khan',
  'Kim', 'King', 'Klein', 'Kowalski', 'Kumar', 'Larsen', 'Laurent', 'Lee', 'Lewis', 'Li',
  'Lopez', 'Martin', 'Martinez', 'Meyer', 'Miller', 'Moreau', 'Morris', 'Muller', 'Murphy', 'Nakamura',
  'Nguyen', 'Nielsen', 'Novak', 'Okafor', 'Olsen', 'Park', 'Patel', 'Perez', 'Petit', 'Popescu',
  'Ramirez', 'Reyes', 'Richter', 'Roberts', 'Rodriguez', 'Rossi', 'Russo', 'Sanchez', 'Santos', 'Sato',
  'Schmidt', 'Schneider', 'Shah', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas',
  'Torres', 'Turner', 'Walker', 'Wang', 'Weber', 'White', 'Williams', 'Wilson', 'Wright', 'Zhang',
];

// prettier-ignore
export const COMPANY_WORDS = [
  'Apex', 'Atlas', 'Aurora', 'Beacon', 'Blue Harbor', 'Bright', 'Cedar', 'Cobalt', 'Crescent', 'Delta',
  'Evergreen', 'Falcon', 'Granite', 'Helix', 'Horizon', 'Ironwood', 'Juniper', 'Keystone', 'Lumen', 'Maple',
  'Meridian', 'Nimbus', 'North Star', 'Nova', 'Oakridge', 'Orbit', 'Pinnacle', 'Pioneer', 'Quantum', 'Redwood',
  'Riverstone', 'Sapphire', 'Silverline', 'Summit', 'Sunrise', 'Tidewater', 'Trident', 'Vertex', 'Willow', 'Zenith',
];

// prettier-ignore
export const COMPANY_INDUSTRIES = [
  'Analytics', 'Biotech', 'Capital', 'Consulting', 'Dynamics', 'Energy', 'Foods', 'Health', 'Industries',
  'Insurance', 'Labs', 'Logistics', 'Manufacturing', 'Media', 'Networks', 'Partners', 'Pharma', 'Retail',
  'Robotics', 'Security', 'Software', 'Solutions', 'Systems', 'Telecom', 'Travel',
];

export const COMPANY_SUFFIXES = ['', '', '', ' Inc', ' Ltd', ' LLC', ' GmbH', ' Group', ' Co'];
export const DOMAIN_ENDINGS = ['.com', '.com', '.io', '.co', '.net', '.de', '.co.uk'];

export const DEAL_KINDS = [
  'Platform licence',
  'Expansion',
  'Pilot',
  'Annual plan',
  'Enterprise rollout',
  'Add-on seats',
];

export const WIN_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['Product fit', 30],
  ['Pricing', 20],
  ['Relationship', 15],
  ['Integrations', 12],
  ['Customer support', 10],
  ['Implementation speed', 8],
  ['Security review passed', 5],
];

export const LOSS_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['Price too high', 28],
  ['Chose competitor', 24],
  ['No budget', 16],
  ['No decision', 12],
  ['Missing features', 10],
  ['Bad timing', 6],
  ['Went silent', 4],
];

export const TASK_TITLES = [
  'Follow up with {contact}',
  'Call {contact} back',
  'Send proposal to {company}',
  'Schedule a demo with {company}',
  'Prepare the contract for {company}',
  'Check in with {contact}',
  'Send pricing to {contact}',
  'Book a meeting with {company}',
];

/** `{contact}` and `{company}` in a template replaced. */
export const fill = (template: string, values: { contact: string; company: string }): string =>
  template.replace('{contact}', values.contact).replace('{company}', values.company);

/** Lower-case ASCII letters and digits only: for e-mail local parts and domains. */
export const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
