import dashboard from './dashboards/controller';

export default { dashboard };
