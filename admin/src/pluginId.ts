export { PLUGIN_ID } from '../../contracts/permissions';
