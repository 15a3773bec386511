import { dropTemplateDatabase } from './database';

export default async function globalTeardown() {
  await dropTemplateDatabase();
}
