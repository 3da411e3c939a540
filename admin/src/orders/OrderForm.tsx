import AddCircleOutlineIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import { Box, Button, Divider, Stack, Typography } from '@mui/material';
import { useMemo, type ReactElement } from 'react';
import {
  ArrayInput,
  NumberInput,
  required,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useRecordContext,
  useSimpleFormIterator,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { SyncedOrder } from '../dataProvider/types';
import { currencyDigits, formatMoney } from '../money';
import { STATUS_CHOICES } from './choices';
import { computeTotals, NEW_ORDER_DEFAULTS, toFormValues, type FormLine } from './orderFormValues';

/** "Add line": appends an empty line (quantity 1). */
const AddLineButton = () => {
  const { add } = useSimpleFormIterator();
  return (
    <Button size="small" variant="outlined" startIcon={<AddCircleOutlineIcon />} onClick={() => add()} sx={{ mt: 1 }}>
      Add line
    </Button>
  );
};

/** A figure with a visible caption that is also its accessible name (getByLabel('Subtotal')). */
const Figure = ({ id, label, value, strong }: { id: string; label: string; value: string; strong?: boolean }) => (
  <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between', minWidth: 240 }}>
    <Typography id={`${id}-label`} variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography
      component="output"
      aria-labelledby={`${id}-label`}
      data-testid={id}
      variant={strong ? 'subtitle1' : 'body2'}
      sx={{ fontWeight: strong ? 700 : 500, fontVariantNumeric: 'tabular-nums' }}
    >
      {value}
    </Typography>
  </Stack>
);

/** Subtotal and total, live as the lines, shipping cost and currency are typed. */
const LiveTotals = () => {
  const lines = useWatch({ name: 'lines' }) as FormLine[] | undefined;
  const shippingCost = useWatch({ name: 'shippingCost' }) as number | null | undefined;
  const currency = ((useWatch({ name: 'currency' }) as string | undefined) ?? '').trim().toUpperCase();
  const { subtotal, total } = computeTotals(lines, shippingCost, currency);
  return (
    <Box sx={{ alignSelf: 'flex-end', mt: 1 }} data-testid="live-totals">
      <Figure id="order-subtotal" label="Subtotal" value={formatMoney(subtotal, currency)} />
      <Figure id="order-total" label="Total" value={formatMoney(total, currency)} strong />
    </Box>
  );
};

/** The step of a money input: one minor unit of the currency being typed. */
const useMoneyStep = () => {
  const currency = useWatch({ name: 'currency' }) as string | undefined;
  return 1 / 10 ** currencyDigits(currency);
};

const MoneyInput = ({ source, label }: { source: string; label: string }) => {
  const step = useMoneyStep();
  return <NumberInput source={source} label={label} step={step} min={0} helperText={false} />;
};

const Section = ({ title }: { title: string }) => (
  <Box sx={{ width: '100%', mt: 2, mb: 1 }}>
    <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
      {title}
    </Typography>
    <Divider />
  </Box>
);

const row = { width: '100%', gap: 2, flexWrap: 'wrap', '& > *': { flex: '1 1 220px' } } as const;

/**
 * The order's form, for create and edit. Money is typed in major units of the order's currency
 * (12.50) and converted to and from minor units (OrderCreate / OrderEdit `transform`).
 */
export const OrderForm = ({ toolbar }: { toolbar?: ReactElement | false }) => {
  const record = useRecordContext<SyncedOrder>();
  const formRecord = useMemo(() => (record?.id ? toFormValues(record) : undefined), [record]);
  return (
    <SimpleForm
      record={formRecord}
      defaultValues={formRecord ? undefined : NEW_ORDER_DEFAULTS}
      toolbar={toolbar}
      // The server checks everything (and says which field is wrong): no browser validation bubbles.
      noValidate
      sx={{ maxWidth: 1100 }}
    >
      <Stack direction="row" sx={row}>
        <SelectInput source="status" label="Status" choices={STATUS_CHOICES} validate={required()} />
        <TextInput source="currency" label="Currency" validate={required()} helperText="ISO 4217, e.g. EUR" />
      </Stack>

      <Section title="Customer" />
      <Stack direction="row" sx={row}>
        <TextInput source="customer.name" label="Customer name" validate={required()} />
        <TextInput source="customer.email" label="Customer email" validate={required()} />
        <TextInput source="customer.phone" label="Phone" />
      </Stack>

      <Section title="Shipping address" />
      <Stack direction="row" sx={row}>
        <TextInput source="shippingAddress.fullName" label="Full name" validate={required()} />
        <TextInput source="shippingAddress.line1" label="Address line 1" validate={required()} />
        <TextInput source="shippingAddress.line2" label="Address line 2" />
      </Stack>
      <Stack direction="row" sx={row}>
        <TextInput source="shippingAddress.city" label="City" validate={required()} />
        <TextInput source="shippingAddress.postalCode" label="Postal code" validate={required()} />
        <TextInput source="shippingAddress.countryCode" label="Country code" validate={required()} helperText="ISO 3166-1 alpha-2, e.g. GB" />
      </Stack>

      <Section title="Items" />
      <ArrayInput source="lines" label="Lines" sx={{ width: '100%' }}>
        <SimpleFormIterator
          inline
          disableReordering
          disableClear
          addButton={<AddLineButton />}
          sx={{ '& .RaSimpleFormIterator-action': { visibility: 'visible' } }}
        >
          <TextInput source="sku" label="SKU" helperText={false} />
          <TextInput source="name" label="Name" helperText={false} sx={{ minWidth: 260 }} />
          <NumberInput source="quantity" label="Quantity" defaultValue={1} min={1} step={1} helperText={false} />
          <MoneyInput source="unitPrice" label="Unit price" />
        </SimpleFormIterator>
      </ArrayInput>

      <Stack direction="row" sx={{ width: '100%', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <MoneyInput source="shippingCost" label="Shipping cost" />
        <LiveTotals />
      </Stack>

      <TextInput source="note" label="Note" multiline minRows={2} fullWidth />
    </SimpleForm>
  );
};

export default OrderForm;
