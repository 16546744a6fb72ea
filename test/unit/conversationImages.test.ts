import * as assert from 'node:assert/strict';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Conversation } from '../../src/core/conversation';

const A = 'data:image/png;base64,AAAA';
const B = 'data:image/jpeg;base64,BBBB';
const C = 'data:image/png;base64,CCCC';

function imagesOf(message: ChatCompletionMessageParam): string[] {
  return Array.isArray(message.content)
    ? message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []))
    : [];
}

describe('Conversation with several images (side chat)', () => {
  it('sends every image added before the first task in the first user message, in order', () => {
    const conversation = new Conversation();
    conversation.addImage(A);
    conversation.addImage(B);
    const [first] = conversation.requestMessages('Compare these diagrams.');
    assert.deepEqual(first, {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare these diagrams.' },
        { type: 'image_url', image_url: { url: A } },
        { type: 'image_url', image_url: { url: B } },
      ],
    });
  });

  it('sends an image added later with the next task, and each image exactly once', () => {
    const conversation = new Conversation();
    conversation.addImage(A);
    conversation.commitTurn('What is this?', 'A gateway.');
    conversation.addImage(C);
    const messages = conversation.requestMessages('And this one?');
    assert.deepEqual(
      messages.map((message) => message.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(imagesOf(messages[0]), [A]);
    assert.deepEqual(imagesOf(messages[2]), [C]);
    conversation.commitTurn('And this one?', 'A queue.');
    const later = conversation.requestMessages('Which is better?');
    assert.deepEqual(later.map(imagesOf), [[A], [], [C], [], []]);
    assert.equal(
      later[4].content,
      'Which is better?',
      'a task without a new image stays a plain string',
    );
  });

  it('removes an image not yet asked about, never one already sent', () => {
    const conversation = new Conversation();
    conversation.addImage(A);
    conversation.commitTurn('What is this?', 'A gateway.');
    conversation.addImage(B);
    assert.equal(conversation.removeImage(A), false);
    assert.equal(conversation.removeImage(B), true);
    assert.deepEqual(conversation.images, [A]);
  });

  it('keeps the analysis panel sending its one image once, replaced by setImage', () => {
    const conversation = new Conversation();
    conversation.setImage(A);
    conversation.setImage(B);
    conversation.commitTurn('Explain.', 'Done.');
    const messages = conversation.requestMessages('More?');
    assert.deepEqual(messages.map(imagesOf), [[B], [], []]);
  });

  it('restores saved turns (dropping ones without an answer) and images where they went', () => {
    const conversation = new Conversation('sys');
    conversation.restore(
      [
        { task: 'One?', answer: 'First.', status: 'done' },
        { task: 'Lost?', answer: '', status: 'incomplete' },
        { task: 'Two?', answer: 'Second.', status: 'stopped' },
      ],
      [
        { dataUrl: A, turn: 0 },
        { dataUrl: B, turn: 1 },
      ],
    );
    assert.equal(conversation.turns.length, 2);
    const messages = conversation.requestMessages('Three?');
    assert.deepEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user', 'assistant', 'user'],
    );
    assert.deepEqual(messages.map(imagesOf), [[], [A], [], [B], [], []]);
    conversation.addImage(C, 0);
    assert.deepEqual(
      imagesOf(conversation.requestMessages('Three?')[1]),
      [A, C],
      'a re-prepared image goes back to its message',
    );
  });
});
