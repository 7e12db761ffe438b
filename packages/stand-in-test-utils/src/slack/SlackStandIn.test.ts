import { SlackStandIn } from './SlackStandIn';

describe('SlackStandIn', () => {
  let slack: SlackStandIn;
  let api: string;
  beforeEach(async () => {
    slack = new SlackStandIn({
      token: 'xoxb-right',
      channels: { C1: { member: true }, C2: { member: false } },
    });
    api = await slack.start();
  });
  afterEach(() => slack.stop());

  const call = async (
    method: string,
    args: Record<string, string>,
    token = 'xoxb-right',
  ) => {
    const res = await fetch(`${api}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: new URLSearchParams(args).toString(),
    });
    // Slack answers 200 whether or not the call worked.
    expect(res.status).toBe(200);
    return res.json();
  };

  it('posts, then updates, a message in a channel the bot is in', async () => {
    const posted = await call('chat.postMessage', {
      channel: 'C1',
      text: 'prod degraded',
      attachments: JSON.stringify([{ color: '#FF0000', blocks: [] }]),
    });
    expect(posted).toMatchObject({ ok: true, channel: 'C1' });
    const updated = await call('chat.update', {
      channel: 'C1',
      ts: posted.ts,
      text: 'prod recovered',
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts });
    expect(slack.messages).toEqual([
      expect.objectContaining({
        channel: 'C1',
        text: 'prod recovered',
        method: 'chat.update',
      }),
    ]);
    slack.assertNoViolations();
  });

  it.each([
    ['no token', { channel: 'C1', text: 'x' }, '', 'not_authed'],
    [
      'another token',
      { channel: 'C1', text: 'x' },
      'xoxb-wrong',
      'invalid_auth',
    ],
    [
      'an unknown channel',
      { channel: 'C9', text: 'x' },
      'xoxb-right',
      'channel_not_found',
    ],
    [
      'a channel the bot is not in',
      { channel: 'C2', text: 'x' },
      'xoxb-right',
      'not_in_channel',
    ],
    ['nothing to say', { channel: 'C1' }, 'xoxb-right', 'no_text'],
    [
      'blocks that are not a list',
      { channel: 'C1', blocks: '{}' },
      'xoxb-right',
      'invalid_blocks',
    ],
  ])('refuses %s as Slack does', async (_, args, token, error) => {
    expect(await call('chat.postMessage', args, token)).toEqual({
      ok: false,
      error,
    });
    expect(slack.messages).toEqual([]);
  });

  it('refuses an update of a message that does not exist', async () => {
    expect(
      await call('chat.update', { channel: 'C1', ts: '1.000001', text: 'x' }),
    ).toEqual({ ok: false, error: 'message_not_found' });
  });
});
