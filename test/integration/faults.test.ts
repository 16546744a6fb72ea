// Faults from the endpoint as the host meets them, in a real extension host: the settings that
// bound each wait take effect, the task is kept on the turn, what the webview is told is right,
// and Retry (the same task sent again) works once the fault is gone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../src/core/protocol';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import {
  rateLimitedReply,
  textReply,
  unauthorizedReply,
  type LoopbackServer,
} from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint } from './helpers';

const TASK = 'where are the single points of failure?';

describe('faults through a panel (extension host)', () => {
  const endpoint = useLoopbackEndpoint('sk-faults');
  let server: LoopbackServer;
  before(() => ({ server } = endpoint));
  const config = () => vscode.workspace.getConfiguration('multimodalReasoning');
  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');

  // A fault must end in a turn the user sees, never in a rejection nobody handles.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(() => {
    process.on('unhandledRejection', onUnhandled);
  });

  afterEach(async () => {
    assert.deepEqual(unhandled.splice(0), [], 'no unhandled rejection');
    for (const key of [
      'requestTimeoutSeconds',
      'streamIdleTimeoutSeconds',
      'rateLimitMaxWaitSeconds',
    ]) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  after(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  async function panelWithPosts(): Promise<{ panel: AnalysisPanel; posted: HostToWebview[] }> {
    const panel = await openAnalysisPanel(imageUri());
    const posted: HostToWebview[] = [];
    panel.onDidPost((message) => posted.push(message));
    return { panel, posted };
  }

  it('F01 · 401 in a panel → the turn fails with Set API Key and keeps its task; Retry with the key fixed answers', async () => {
    server.enqueue(unauthorizedReply());
    const { panel } = await panelWithPosts();
    await panel.session.submit(TASK);
    const [failed] = panel.session.turnViews;
    assert.equal(failed.status, 'error');
    assert.equal(failed.task, TASK);
    assert.deepEqual(failed.error?.actions, ['setApiKey', 'retry']);
    assert.equal(server.chatRequests().length, 1, 'not retried');
    server.enqueue(textReply('The database.'));
    await panel.session.submit(failed.task);
    assert.equal(panel.session.turnViews[1]?.answer, 'The database.');
  });

  it('F07 · 429 with Retry-After: 1 in a panel → the webview is told to count down 1 s, then the same turn answers', async () => {
    server.enqueue(rateLimitedReply(1));
    server.enqueue(textReply('After waiting.'));
    const { panel, posted } = await panelWithPosts();
    await panel.session.submit(TASK);
    const countdown = posted.find((message) => message.type === 'turn/rateLimited');
    assert.ok(countdown && countdown.type === 'turn/rateLimited');
    assert.equal(countdown.seconds, 1);
    assert.match(
      countdown.message,
      /127\.0\.0\.1:\d+ is rate limiting requests \(429\) and asked to wait 1 s\./,
    );
    assert.equal(panel.session.turnViews.length, 1, 'one turn, not a failed one and a new one');
    assert.equal(panel.session.turnViews[0]?.answer, 'After waiting.');
  });

  it('F08 · 429 asking for longer than rateLimitMaxWaitSeconds in a panel → no wait: an error naming both, task kept', async () => {
    await config().update('rateLimitMaxWaitSeconds', 5, vscode.ConfigurationTarget.Global);
    server.enqueue({
      kind: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
      headers: { 'retry-after': '90' },
    });
    const { panel, posted } = await panelWithPosts();
    await panel.session.submit(TASK);
    assert.equal(posted.filter((message) => message.type === 'turn/rateLimited').length, 0);
    const [failed] = panel.session.turnViews;
    assert.equal(failed.task, TASK);
    assert.match(failed.error?.message ?? '', /asks to wait 90 s, longer than the 5 s/);
  });

  it("F18 · no response headers in a panel → fails once at requestTimeoutSeconds, not the SDK's retries of it", async () => {
    await config().update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    // One hang: were the timed-out attempt retried, the default reply would answer it.
    server.enqueue({ kind: 'hang' });
    const { panel } = await panelWithPosts();
    await panel.session.submit(TASK);
    const [failed] = panel.session.turnViews;
    assert.equal(failed.status, 'error');
    assert.match(
      failed.error?.message ?? '',
      /No response from http:\/\/127\.0\.0\.1:\d+ within 1 s\./,
    );
    assert.equal(server.chatRequests().length, 1, 'sent once');
  });

  it('F19 · a stream that stalls in a panel → cut after streamIdleTimeoutSeconds; the partial answer is kept, marked incomplete', async () => {
    await config().update('streamIdleTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    server.enqueue({
      kind: 'stream',
      chunks: [{ content: 'The database has ' }, { content: 'no replica' }, { content: ' and' }],
      stallAfter: 2,
    });
    const { panel } = await panelWithPosts();
    await panel.session.submit(TASK);
    const [cut] = panel.session.turnViews;
    assert.equal(cut.status, 'incomplete');
    assert.equal(cut.answer, 'The database has no replica');
    assert.match(
      cut.error?.message ?? '',
      /stopped sending for 1 s, so the answer may be incomplete/,
    );
  });

  it("F14 · 502 with an HTML page in a panel → one plain line in the turn's error, no markup", async () => {
    const page =
      '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr><center>nginx</center></body></html>';
    for (let attempt = 0; attempt < 3; attempt++) {
      server.enqueue({
        kind: 'error',
        status: 502,
        body: page,
        headers: { 'retry-after-ms': '10' },
      });
    }
    const { panel } = await panelWithPosts();
    await panel.session.submit(TASK);
    const message = panel.session.turnViews[0]?.error?.message ?? '';
    assert.match(message, /failed \(502: 502 Bad Gateway\)/);
    assert.ok(!/[<>]/.test(message), message);
  });
});
