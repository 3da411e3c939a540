import AddCircleOutlineIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import { Box, Button, Divider, InputAdornment, Stack, Typography } from '@mui/material';
import { useMemo, type ReactElement } from 'react';
import {
  ArrayInput,
  AutocompleteInput,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useRecordContext,
  useSimpleFormIterator,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { SyncedOrder } from '../dataProvider/model';
import { currencyDigits, formatMoney } from '../money';
import { COUNTRY_CHOICES, CURRENCY_CHOICES } from '../ui/isoNames';
import { STATUS_CHOICES } from './choices';
import { computeTotals, isEmptyLine, NEW_ORDER_DEFAULTS, toFormValues, type FormLine, type OrderFormValues } from './orderFormValues';
import {
  checkEmail,
  checkMoney,
  checkOptionalText,
  checkPhone,
  checkQuantity,
  checkSku,
  checkText,
  RULES,
} from './orderRules';

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

const useCurrency = () => ((useWatch({ name: 'currency' }) as string | undefined) ?? '').trim().toUpperCase();

/** Subtotal and total, live as the lines, shipping cost and currency are typed; "—" while something is not valid. */
const LiveTotals = () => {
  const lines = useWatch({ name: 'lines' }) as FormLine[] | undefined;
  const shippingCost = useWatch({ name: 'shippingCost' }) as string | null | undefined;
  const currency = useCurrency();
  const { subtotal, total } = computeTotals(lines, shippingCost, currency);
  const show = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  return (
    <Box sx={{ alignSelf: 'flex-end', mt: 1 }} data-testid="live-totals" aria-live="polite">
      <Figure id="order-subtotal" label="Subtotal" value={show(subtotal)} />
      <Figure id="order-total" label="Total" value={show(total)} strong />
    </Box>
  );
};

/** The currency's symbol as the browser writes it ("€", "CHF"). */
function currencySymbol(currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/**
 * An amount in major units of the order's currency, as typed ("12.50"), with the currency beside
 * it; checked with the currency's digits. Kept as text so "5.50" stays "5.50".
 */
const MoneyInput = ({ source, label, required = true }: { source: string; label: string; required?: boolean }) => {
  const currency = useCurrency();
  const digits = currencyDigits(currency);
  const validate = useMemo(() => {
    const check = (value: unknown, all: Partial<OrderFormValues>) => {
      const line = lineOf(source, all);
      if (line && isEmptyLine(line)) return undefined;
      return checkMoney(value, all?.currency ?? currency, required);
    };
    return Object.assign(check, { isRequired: required });
  }, [source, currency, required]);
  return (
    <TextInput
      source={source}
      label={label}
      validate={validate}
      helperText={false}
      slotProps={{
        input: { startAdornment: <InputAdornment position="start">{currencySymbol(currency)}</InputAdornment> },
        htmlInput: { inputMode: digits > 0 ? 'decimal' : 'numeric', autoComplete: 'off' },
      }}
    />
  );
};

/** The line a source such as "lines.2.unitPrice" belongs to, if any. */
function lineOf(source: string, all: Partial<OrderFormValues> | undefined): FormLine | null {
  const match = /^lines\.(\d+)\./.exec(source);
  return match ? (all?.lines?.[Number(match[1])] ?? null) : null;
}

/** A check for a line's input that leaves a row nobody typed into alone (it is dropped on save). */
const forLine = (check: (value: unknown) => string | undefined) =>
  Object.assign((value: unknown, all: Partial<OrderFormValues>, props: { source?: string }) => {
    const line = props?.source ? lineOf(props.source, all) : null;
    return line && isEmptyLine(line) && (all?.lines?.length ?? 0) > 1 ? undefined : check(value);
  }, { isRequired: true });

const checkLines = (lines: FormLine[] | undefined) => {
  const filled = (lines ?? []).filter((l) => !isEmptyLine(l)).length;
  if (filled < RULES.linesMin) return 'Add at least one line';
  if (filled > RULES.linesMax) return `An order holds at most ${RULES.linesMax} lines`;
  return undefined;
};

const Section = ({ title }: { title: string }) => (
  <Box sx={{ width: '100%', mt: 2, mb: 1 }}>
    <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
      {title}
    </Typography>
    <Divider />
  </Box>
);

const row = { width: '100%', gap: 2, flexWrap: 'wrap', '& > *': { flex: '1 1 220px' } } as const;

const required = <T,>(check: (value: T) => string | undefined) => Object.assign(check, { isRequired: true });

/**
 * The order's form, for create and edit: customer, address, items, then the status and a note.
 * Money is typed in major units of the order's currency and converted to and from minor units
 * (OrderCreate / OrderEdit `transform`). Every rule the server applies is checked here first, and
 * each problem shows once, on its field.
 */
export const OrderForm = ({ toolbar }: { toolbar?: ReactElement | false }) => {
  const record = useRecordContext<SyncedOrder>();
  const formRecord = useMemo(() => (record?.id ? toFormValues(record) : undefined), [record]);
  return (
    <SimpleForm
      record={formRecord}
      defaultValues={formRecord ? undefined : NEW_ORDER_DEFAULTS}
      toolbar={toolbar}
      // Checked on Save, then again as each field changes: errors that appeared on leaving a field
      // would move the Save button under a pointer already on its way to it.
      // The form checks (with messages for people), not the browser's bubbles.
      noValidate
      sx={{ maxWidth: 1100 }}
    >
      <Section title="Customer" />
      <Stack direction="row" sx={row}>
        <TextInput source="customer.name" label="Customer name" validate={required(checkText('customer’s name'))} autoComplete="off" />
        <TextInput source="customer.email" label="Customer email" type="email" validate={required(checkEmail)} autoComplete="off" />
        <TextInput source="customer.phone" label="Phone" type="tel" validate={checkPhone} autoComplete="off" />
      </Stack>

      <Section title="Shipping address" />
      <Stack direction="row" sx={row}>
        <TextInput source="shippingAddress.fullName" label="Full name" validate={required(checkText('recipient’s full name'))} autoComplete="off" />
        <TextInput source="shippingAddress.line1" label="Address line 1" validate={required(checkText('street address'))} autoComplete="off" />
        <TextInput source="shippingAddress.line2" label="Address line 2" validate={checkOptionalText(RULES.textMax)} autoComplete="off" />
      </Stack>
      <Stack direction="row" sx={row}>
        <TextInput source="shippingAddress.city" label="City" validate={required(checkText('city'))} autoComplete="off" />
        <TextInput source="shippingAddress.postalCode" label="Postal code" validate={required(checkText('postal code', RULES.postalCodeMax))} autoComplete="off" />
        <AutocompleteInput
          source="shippingAddress.countryCode"
          label="Country"
          choices={COUNTRY_CHOICES}
          validate={required((v: unknown) => (v ? undefined : 'Choose the country'))}
          helperText={false}
          openOnFocus={false}
        />
      </Stack>

      <Section title="Items" />
      <Stack direction="row" sx={row}>
        <AutocompleteInput
          source="currency"
          label="Currency"
          choices={CURRENCY_CHOICES}
          validate={required((v: unknown) => (v ? undefined : 'Choose the currency'))}
          helperText="Prices and shipping are in this currency"
          openOnFocus={false}
          sx={{ maxWidth: 360 }}
        />
      </Stack>
      <ArrayInput source="lines" label="Lines" sx={{ width: '100%' }} validate={checkLines}>
        <SimpleFormIterator
          inline
          disableReordering
          disableClear
          addButton={<AddLineButton />}
          sx={{ '& .RaSimpleFormIterator-action': { visibility: 'visible' } }}
        >
          <TextInput source="sku" label="SKU" helperText={false} validate={forLine(checkSku)} autoComplete="off" />
          <TextInput source="name" label="Name" helperText={false} sx={{ minWidth: 260 }} validate={forLine(checkText('item’s name'))} autoComplete="off" />
          <NumberInput source="quantity" label="Quantity" defaultValue={1} min={1} max={RULES.quantityMax} step={1} helperText={false} validate={forLine(checkQuantity)} />
          <MoneyInput source="unitPrice" label="Unit price" />
        </SimpleFormIterator>
      </ArrayInput>

      <Stack direction="row" sx={{ width: '100%', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <MoneyInput source="shippingCost" label="Shipping cost" required={false} />
        <LiveTotals />
      </Stack>

      <Section title="Order" />
      <Stack direction="row" sx={row}>
        <SelectInput source="status" label="Status" choices={STATUS_CHOICES} validate={required((v: unknown) => (v ? undefined : 'Choose a status'))} helperText={false} />
      </Stack>
      <TextInput source="note" label="Note" multiline minRows={2} fullWidth validate={checkOptionalText(RULES.noteMax)} />
    </SimpleForm>
  );
};

export default OrderForm;
