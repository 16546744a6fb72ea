import * as assert from 'node:assert/strict';
import { Conversation } from '../../src/core/conversation';
import {
  chatBody,
  startLoopbackServer,
  textReply,
  type LoopbackServer,
  type RecordedMessage,
} from '../support/loopbackServer';
import { requestFor, runStream, textOf } from './streamHarness';

const IMAGE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('Conversation', () => {
  it('sends the system prompt, then the first task with the image', () => {
    const conversation = new Conversation('You analyse diagrams.');
    conversation.setImage(IMAGE);
    assert.deepEqual(conversation.requestMessages('Explain this architecture.'), [
      { role: 'system', content: 'You analyse diagrams.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Explain this architecture.' },
          { type: 'image_url', image_url: { url: IMAGE } },
        ],
      },
    ]);
  });

  it('leaves out an empty system prompt', () => {
    const conversation = new Conversation('   ');
    assert.deepEqual(conversation.requestMessages('Hi'), [{ role: 'user', content: 'Hi' }]);
  });

  it('does not commit a turn without an answer, so Retry resends the same request', () => {
    const conversation = new Conversation();
    conversation.setImage(IMAGE);
    const first = conversation.requestMessages('Explain.');
    assert.equal(conversation.commitTurn('Explain.', ''), false);
    assert.equal(conversation.commitTurn('Explain.', '  \n'), false);
    assert.deepEqual(conversation.requestMessages('Explain.'), first);
    assert.deepEqual(conversation.turns, []);
  });

  it('keeps stopped and incomplete turns that produced text', () => {
    const conversation = new Conversation();
    assert.equal(conversation.commitTurn('A?', 'Partial', 'stopped'), true);
    assert.equal(conversation.commitTurn('B?', 'Cut', 'incomplete'), true);
    assert.deepEqual(
      conversation.turns.map((turn) => turn.status),
      ['stopped', 'incomplete'],
    );
  });

  describe('on the wire', () => {
    let server: LoopbackServer;
    before(async () => {
      server = await startLoopbackServer();
    });
    after(async () => {
      await server.close();
    });

    it('sends the image once, the history in order, and never the reasoning', async () => {
      const conversation = new Conversation('You analyse diagrams.');
      conversation.setImage(IMAGE);
      const tasks = [
        'Explain this architecture.',
        'Where is the single point of failure?',
        'How would you fix it?',
      ];
      const answers = [
        'A gateway in front of two services.',
        'The shared database.',
        'Add a replica.',
      ];
      for (const [index, task] of tasks.entries()) {
        server.enqueue(
          textReply(answers[index], { reasoning: `SECRET-REASONING-${index}`, chunkSize: 4 }),
        );
        const { events, error } = await runStream(
          requestFor(server, { messages: conversation.requestMessages(task) }),
        );
        assert.equal(error, undefined);
        assert.equal(textOf(events, 'reasoning'), `SECRET-REASONING-${index}`);
        conversation.commitTurn(task, textOf(events, 'answer'));
      }

      const requests = server.chatRequests();
      assert.equal(requests.length, 3);
      for (const request of requests) {
        assert.equal(
          request.rawBody.split(IMAGE).length - 1,
          1,
          'the image is in every request exactly once',
        );
        assert.ok(!request.rawBody.includes('SECRET-REASONING'), 'reasoning is never sent back');
      }
      const last = chatBody(requests[2]).messages;
      assert.deepEqual(last.map(roleAndText), [
        ['system', 'You analyse diagrams.'],
        ['user', 'Explain this architecture.'],
        ['assistant', 'A gateway in front of two services.'],
        ['user', 'Where is the single point of failure?'],
        ['assistant', 'The shared database.'],
        ['user', 'How would you fix it?'],
      ]);
      const imageMessages = last.filter(
        (message) =>
          Array.isArray(message.content) &&
          message.content.some((part) => part.type === 'image_url'),
      );
      assert.deepEqual(imageMessages, [last[1]], 'only the first user message carries the image');
    });
  });
});

function roleAndText(message: RecordedMessage): [string, string] {
  const text =
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return [message.role, text];
}
