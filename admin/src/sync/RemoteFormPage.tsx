import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Loading, Title, useDataProvider, useNavigate, useNotify } from 'react-admin';
import { useParams } from 'react-router-dom';
import { expectResult, type OrdersDataProvider, type RemoteDefinition } from '../dataProvider';
import { REMOTE_KIND_WORDS } from '../words';
import {
  checkRemoteForm,
  CREDENTIAL_FIELDS,
  emptyRemoteForm,
  formOf,
  parseSettings,
  placeServerErrors,
  REMOTE_KINDS,
  toDefinition,
  type CredentialField,
  type FormErrors,
  type RemoteFormValues,
  type RemoteKind,
} from './remoteForm';
import { REMOTES_KEY } from './useRemotes';

type Mode = 'create' | 'edit';

/** The add/edit form of a remote; `definition` is the stored one when editing. */
const RemoteForm = ({ mode, definition }: { mode: Mode; definition?: RemoteDefinition }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const navigate = useNavigate();
  const [values, setValues] = useState<RemoteFormValues>(() => (definition ? formOf(definition) : emptyRemoteForm()));
  const [errors, setErrors] = useState<FormErrors>({});

  const set = <K extends keyof RemoteFormValues>(key: K, value: RemoteFormValues[K], field: keyof FormErrors = key as keyof FormErrors) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };
  const setCredential = (field: CredentialField, value: string) => {
    setValues((v) => ({ ...v, credentials: { ...v.credentials, [field]: value } }));
    setErrors(({ [`credentials.${field}` as const]: _, ...rest }) => rest);
  };

  const save = useMutation({
    mutationFn: async () => {
      const body = toDefinition(values, mode);
      return mode === 'create' ? dataProvider.addRemote(body) : dataProvider.updateRemote(values.name, body);
    },
    onSuccess: async (status) => {
      expectResult(status, 'state');
      await queryClient.invalidateQueries({ queryKey: REMOTES_KEY });
      notify(mode === 'create' ? `Remote ${values.label.trim() || values.name} added` : `Remote ${values.label.trim() || values.name} saved`, { type: 'success' });
      navigate('/sync');
    },
    onError: (error: Error & { body?: { errors?: Record<string, unknown> } }) => {
      const fields = Object.fromEntries(Object.entries(error.body?.errors ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      if (Object.keys(fields).length) {
        // Each problem once, on its field (no toast repeating it).
        setErrors(placeServerErrors(fields));
      } else {
        setErrors({ form: error.message });
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkRemoteForm(values, mode);
    setErrors(found);
    if (Object.keys(found).length) {
      // Focus the first field in error, so that a keyboard user lands on it.
      setTimeout(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus(), 0);
      return;
    }
    save.mutate();
  };

  const formatSettings = () => {
    const parsed = parseSettings(values.settings);
    if (parsed.ok) set('settings', JSON.stringify(parsed.value, null, 2));
    else setErrors((e) => ({ ...e, settings: parsed.message }));
  };

  const editing = mode === 'edit';
  const credentialFields = CREDENTIAL_FIELDS[values.kind];
  const stored = new Set(definition?.credentialsSet ?? []);
  const urlChanged = editing && values.url.trim() !== (definition?.url ?? '');

  return (
    <Box component="form" onSubmit={submit} noValidate aria-label={editing ? `Edit remote ${values.name}` : 'Add a remote'}>
      {errors.form && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {errors.form}
        </Alert>
      )}
      <Stack sx={{ gap: 2.5, maxWidth: 760 }}>
        <TextField
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={!!errors.name}
          helperText={errors.name ?? (editing ? 'A remote cannot be renamed: remove it and add it again' : 'Used in the API and the logs: letters, digits, _ or -, e.g. shop')}
          // Read-only, not disabled: a disabled field's greyed text is too faint to read.
          slotProps={{ htmlInput: { 'data-field': 'name', readOnly: editing } }}
        />
        {editing ? (
          <Box component="dl" sx={{ m: 0 }}>
            <Typography component="dt" variant="body2" sx={{ fontWeight: 600 }}>
              Kind
            </Typography>
            <Typography component="dd" variant="body1" sx={{ m: 0 }}>
              {REMOTE_KIND_WORDS[values.kind]!.label} ({values.kind}); a remote’s kind cannot be changed
            </Typography>
          </Box>
        ) : (
        <FormControl error={!!errors.kind}>
          <FormLabel id="remote-kind-label">Kind</FormLabel>
          <RadioGroup row aria-labelledby="remote-kind-label" name="kind" value={values.kind} onChange={(e) => set('kind', e.target.value as RemoteKind)}>
            {REMOTE_KINDS.map((kind) => (
              <FormControlLabel key={kind} value={kind} control={<Radio />} label={`${REMOTE_KIND_WORDS[kind]!.label} (${kind})`} />
            ))}
          </RadioGroup>
          <FormHelperText>{errors.kind ?? REMOTE_KIND_WORDS[values.kind]!.describe}</FormHelperText>
        </FormControl>
        )}
        <TextField
          label="URL"
          required={values.kind !== 'peer'}
          value={values.url}
          onChange={(e) => set('url', e.target.value)}
          placeholder={values.kind === 'peer' ? 'http://localhost:4002/api/orders' : 'http://localhost:3000'}
          error={!!errors.url}
          helperText={
            errors.url ??
            (urlChanged && stored.size
              ? 'A new URL drops the stored credentials unless you type them again below'
              : values.kind === 'peer'
                ? 'The other instance’s REST Orders API'
                : 'The base URL of the shop’s API; the mapping’s paths are relative to it')
          }
          slotProps={{ htmlInput: { 'data-field': 'url' } }}
        />
        <TextField
          label="Label"
          value={values.label}
          onChange={(e) => set('label', e.target.value)}
          error={!!errors.label}
          helperText={errors.label ?? 'How the admin names it, e.g. Web shop (default: the name)'}
          slotProps={{ htmlInput: { 'data-field': 'label' } }}
        />
        <Box component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, m: 0 }}>
          <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
            Credentials
          </Typography>
          {editing && (
            <Typography variant="body2" sx={{ mb: 2 }} data-testid="credentials-note">
              Stored credentials are never shown. Leave these fields empty to keep the stored ones
              {stored.size ? ` (set: ${[...stored].join(', ')})` : ' (none are stored)'}; type a value to replace it.
            </Typography>
          )}
          <Stack sx={{ gap: 2 }}>
            {credentialFields.map(({ field, label, help, secret }) => (
              <TextField
                key={field}
                label={label}
                type={secret ? 'password' : 'text'}
                autoComplete="off"
                value={values.credentials[field]}
                onChange={(e) => setCredential(field, e.target.value)}
                placeholder={editing && stored.has(field) ? 'set; leave empty to keep it' : undefined}
                error={!!errors[`credentials.${field}`]}
                helperText={errors[`credentials.${field}`] ?? help}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': `credentials.${field}` } }}
              />
            ))}
          </Stack>
        </Box>
        <Box>
          <TextField
            label="Settings (JSON)"
            multiline
            minRows={8}
            maxRows={30}
            fullWidth
            value={values.settings}
            onChange={(e) => set('settings', e.target.value)}
            onBlur={() => {
              const parsed = parseSettings(values.settings);
              if (!parsed.ok) setErrors((e) => ({ ...e, settings: parsed.message }));
            }}
            error={!!errors.settings}
            helperText={
              errors.settings ??
              (values.kind === 'rest'
                ? 'The mapping between the shop’s API and our orders: paths, paging, fields, statuses, money (docs/rest-mapping.md)'
                : 'The kind’s own settings, a JSON object ({} for none)')
            }
            slotProps={{ htmlInput: { spellCheck: false, 'data-field': 'settings', style: { fontFamily: 'monospace', fontSize: 13 } } }}
          />
          <Button size="small" onClick={formatSettings} sx={{ mt: 0.5 }}>
            Format JSON
          </Button>
        </Box>
        {!editing && (
          <FormControlLabel
            control={<Checkbox checked={values.paused} onChange={(e) => set('paused', e.target.checked)} />}
            label="Start paused (every order here is queued for the new remote; resume it on the Sync page once it is right)"
          />
        )}
        <Stack direction="row" sx={{ gap: 1 }}>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {editing ? 'Save remote' : 'Add remote'}
          </Button>
          <Button component={Link} to="/sync">
            Cancel
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
};

const Page = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box sx={{ p: 2 }}>
    <Title title={title} />
    <Button component={Link} to="/sync" startIcon={<ArrowBackIcon />} size="small" sx={{ mb: 1 }}>
      Back to Sync
    </Button>
    <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
      {title}
    </Typography>
    <Card variant="outlined">
      <CardContent>{children}</CardContent>
    </Card>
  </Box>
);

/** /sync/remotes/create */
export const RemoteCreatePage = () => (
  <Page title="Add a remote">
    <RemoteForm mode="create" />
  </Page>
);

/** /sync/remotes/:name/edit */
export const RemoteEditPage = () => {
  const { name = '' } = useParams();
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const { data, error, isPending } = useQuery({
    queryKey: ['remoteDefinition', name],
    queryFn: async () => expectResult<RemoteDefinition>(await dataProvider.remoteDefinition(name), 'kind'),
    // The form is filled once: a refetch must not overwrite what the operator types.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  return (
    <Page title={`Edit remote ${data?.label ?? name}`}>
      {error && <Alert severity="error">{error.message}</Alert>}
      {isPending && <Loading />}
      {data && <RemoteForm key={data.name} mode="edit" definition={data} />}
    </Page>
  );
};
