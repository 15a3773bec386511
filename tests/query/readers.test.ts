import { managedPassword, managedRoleName, scramVerifier } from '../../server/query/readers';

describe('the managed PostgreSQL reader', () => {
  it('sets its password as the SCRAM verifier PostgreSQL itself stores', () => {
    // PostgreSQL 15's own verifier of this password (pg_authid.rolpassword after ALTER ROLE … PASSWORD)
    const stored =
      'SCRAM-SHA-256$4096:aB2Ja1i4+wXzZXMUeB3vPw==$ryn/U5QbU/hRu3uJAWN0i3EA2fX/xU1IFy5NjMoS8pU=:U/4+ss5+zdG64FMV+IUPScUKAYrnC1VwF86rpt4ABAc=';
    const salt = Buffer.from('aB2Ja1i4+wXzZXMUeB3vPw==', 'base64');
    expect(scramVerifier('correct horse battery staple', salt)).toBe(stored);
    expect(scramVerifier('correct horse battery stapler', salt)).not.toBe(stored);
  });

  it('derives one password per role from the app secret, so every instance agrees', () => {
    expect(managedPassword('secret-a', 'dashboards_reader_crm')).toBe(
      managedPassword('secret-a', 'dashboards_reader_crm')
    );
    expect(managedPassword('secret-a', 'dashboards_reader_crm')).not.toBe(
      managedPassword('secret-b', 'dashboards_reader_crm')
    );
    expect(managedPassword('secret-a', 'dashboards_reader_crm')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the role after the database, as an identifier of at most 63 characters', () => {
    expect(managedRoleName('CRM-prod')).toBe('dashboards_reader_crm_prod');
    expect(managedRoleName('x'.repeat(80))).toHaveLength(63);
  });
});
