import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Accordion, AccordionDetails, AccordionSummary, Stack, Typography } from '@mui/material';
import { useId, type ReactNode } from 'react';

/** A closed panel with what a developer wants (the seed's names and codes, versions, raw rules). */
export const TechnicalDetails = ({ children, title = 'Technical details' }: { children: ReactNode; title?: string }) => {
  const id = useId();
  return (
    <Accordion disableGutters variant="outlined" sx={{ mt: 1, '&:before': { display: 'none' } }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls={`${id}-content`} id={`${id}-header`}>
        <Typography variant="body2">{title}</Typography>
      </AccordionSummary>
      <AccordionDetails id={`${id}-content`}>
        <Stack direction="row" sx={{ gap: 4, flexWrap: 'wrap' }}>
          {children}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
};
