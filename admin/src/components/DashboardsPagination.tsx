import { Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';

import type { Pagination } from '../../../contracts/dashboards';
import { useT } from '../utils/translations';

interface DashboardsPaginationProps {
  pagination: Pagination;
  onPage: (page: number) => void;
}

/** Previous / next under the table, with where the page stands; nothing when there is one page. */
export const DashboardsPagination = ({ pagination, onPage }: DashboardsPaginationProps) => {
  const message = useT();
  if (pagination.total_pages <= 1) return null;
  return (
    <Flex
      justifyContent="space-between"
      alignItems="center"
      paddingTop={4}
      tag="nav"
      aria-label={message('home.pagination.label', 'Pagination')}
    >
      <Typography variant="pi" textColor="neutral600">
        {message('home.pagination.status', 'Page {page} of {pages} ({total} dashboards)', {
          page: pagination.page,
          pages: pagination.total_pages,
          total: pagination.total,
        })}
      </Typography>
      <Flex gap={2}>
        <Button
          variant="tertiary"
          size="S"
          startIcon={<ChevronLeft />}
          disabled={!pagination.has_prev}
          onClick={() => onPage(pagination.page - 1)}
        >
          {message('home.pagination.previous', 'Previous')}
        </Button>
        <Button
          variant="tertiary"
          size="S"
          endIcon={<ChevronRight />}
          disabled={!pagination.has_next}
          onClick={() => onPage(pagination.page + 1)}
        >
          {message('home.pagination.next', 'Next')}
        </Button>
      </Flex>
    </Flex>
  );
};
