import { Button, Flex, Typography } from '@strapi/design-system';
import { Collapse } from '@strapi/icons';
import { styled } from 'styled-components';

import { useT } from '../utils/translations';

/**
 * Full screen: the tiles over the whole window, above the admin's menu and the page's header (below
 * dialogs and notifications); the tiles' menus are hidden (full screen is for looking, on a wall screen or a meeting room's TV).
 */
export const KioskFrame = styled.div<{ $on: boolean }>`
  ${({ $on, theme }) =>
    $on
      ? `
    position: fixed;
    inset: 0;
    z-index: ${theme.zIndices.navigation + 1};
    overflow: auto;
    padding: 16px 24px 24px;
    background: ${theme.colors.neutral100};
    .dashboards-tile-menu { display: none; }
  `
      : ''}
`;

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

interface KioskBarProps {
  name: string;
  secondsLeft: number;
  onExit: () => void;
}

/** Full screen's one line: the dashboard's name, the countdown to the next refresh, and the way out. */
export const KioskBar = ({ name, secondsLeft, onExit }: KioskBarProps) => {
  const t = useT();
  return (
    <Flex
      justifyContent="space-between"
      alignItems="center"
      paddingBottom={4}
      gap={4}
      data-testid="kiosk-bar"
    >
      <Typography tag="h1" variant="beta" ellipsis>
        {name}
      </Typography>
      <Flex gap={4}>
        <Typography textColor="neutral600" data-testid="kiosk-countdown" aria-live="off">
          {t('kiosk.countdown', 'Next refresh in {time}', { time: clock(secondsLeft) })}
        </Typography>
        <Button variant="tertiary" startIcon={<Collapse />} onClick={onExit}>
          {t('kiosk.exit', 'Exit full screen (Esc)')}
        </Button>
      </Flex>
    </Flex>
  );
};
