import dashboard from './dashboards/controller';
import tile from './dashboards/tile-controller';

export default { dashboard, tile };
