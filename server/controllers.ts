import dashboard from './dashboards/controller';
import tile from './dashboards/tile-controller';
import query from './query/controller';
import analytics from './analytics/controller';

export default { dashboard, tile, query, analytics };
