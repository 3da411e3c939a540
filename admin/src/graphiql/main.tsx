import { GraphiQL } from 'graphiql';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import 'graphiql/style.css';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { readToken } from '../dataProvider/token';

/**
 * The GraphQL playground (/graphiql): GraphiQL, bundled (no CDN), talking to this server's
 * /graphql with the admin's session token from localStorage (the same key the admin uses).
 */
const endpoint = new URL('/graphql', window.location.origin).href;

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const fetcher: Fetcher = async (params, opts) => {
  const token = readToken();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts?.headers ?? {}),
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  let result: FormattedExecutionResult;
  try {
    result = JSON.parse(text) as FormattedExecutionResult;
  } catch {
    result = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
  // GraphiQL only shows the answer. Its type asks for GraphQLError objects, the wire has their JSON.
  return result as ExecutionResult;
};

const DEFAULT_QUERY = `# The Orders service's GraphQL API, with your admin session.
# Press Ctrl-Enter (or the run button) to send a query.

query LatestOrders {
  syncedOrders(perPage: 5, sort: { field: updatedAt, order: DESC }) {
    total
    items {
      code
      status
      total
      currency
      version
      sync { state ackedVersion }
    }
  }
  syncStatus { state remoteUrl outboxDepth deadLetters lastError }
  syncPeer { name }
}
`;

const NoTokenNote = () => (
  <div
    role="status"
    style={{
      padding: '8px 16px',
      background: '#fff3cd',
      color: '#664d03',
      borderBottom: '1px solid #ffe69c',
      font: '14px system-ui, sans-serif',
    }}
  >
    Log in to the admin first: <a href="/admin/login">open the admin</a>, sign in, then reload this page. Without a session every operation but{' '}
    <code>login</code> answers UNAUTHENTICATED.
  </div>
);

const Playground = () => {
  const hasToken = readToken() !== null;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      {!hasToken && <NoTokenNote />}
      <div style={{ flex: 1, minHeight: 0 }}>
        {/* A tab of its own (not defaultQuery), so that it is titled by its operation, LatestOrders, not "<untitled>". */}
        <GraphiQL fetcher={fetcher} defaultTabs={[{ query: DEFAULT_QUERY }]} />
      </div>
    </div>
  );
};

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
