import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import PauseCircleOutlineIcon from '@mui/icons-material/PauseCircleOutlineOutlined';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Chip, Tooltip, type ChipProps } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import type { Tone } from '../words';

/**
 * Colours with a contrast of 7:1 or more (text on background), and an icon per tone, so that a
 * state never depends on colour alone.
 */
export const TONES: Record<Tone, { bg: string; fg: string; icon: ReactElement }> = {
  ok: { bg: '#e8f5e9', fg: '#1b5e20', icon: <CheckCircleOutlineIcon /> },
  waiting: { bg: '#e3f2fd', fg: '#0d47a1', icon: <ScheduleIcon /> },
  problem: { bg: '#ffebee', fg: '#b71c1c', icon: <ErrorOutlineIcon /> },
  neutral: { bg: '#eceff1', fg: '#263238', icon: <RemoveCircleOutlineIcon /> },
  paused: { bg: '#fff8e1', fg: '#4e342e', icon: <PauseCircleOutlineIcon /> },
};

/** A chip with the tone's icon and colours; `details` (the technical words) in a tooltip. */
export const ToneChip = ({
  tone,
  label,
  details,
  size = 'small',
  ...rest
}: { tone: Tone; label: string; details?: ReactNode } & Omit<ChipProps, 'label' | 'color' | 'icon'>) => {
  const style = TONES[tone];
  const chip = (
    <Chip
      label={label}
      size={size}
      icon={style.icon}
      data-tone={tone}
      sx={{ backgroundColor: style.bg, color: style.fg, fontWeight: 600, border: `1px solid ${style.fg}33`, '& .MuiChip-icon': { color: style.fg } }}
      {...rest}
    />
  );
  return details ? (
    <Tooltip title={details} describeChild>
      {chip}
    </Tooltip>
  ) : (
    chip
  );
};
