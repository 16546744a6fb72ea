// The images a conversation gets besides its first: added by Attach (a file dialog), by URIs
// dropped from the Explorer, or pasted and dropped files the webview reads itself. The webview
// prepares each (as it prepares the panel's own image) and sends the copy back; each goes with
// the next task. Shared by the side chat and the analysis panel, which differ only in where
// their images come from first.
import * as vscode from 'vscode';
import type { HistoryImage } from '../core/history';
import { IMAGE_EXTENSIONS, isImagePath, isPreparedImageDataUrl } from '../core/imageFacts';
import type { DiagramSource } from '../core/diagramSource/diagramSource';
import { isValidPreparedImage } from '../core/imageParts';
import type {
  AttachmentsPreparedMessage,
  AttachmentsToHostMessage,
  AttachmentSummary,
  HostToAttachmentsMessage,
  PreparedImage,
} from '../core/protocol';
import type { ConversationSession } from './conversationSession';
import { ImageFileError, imageFileName, loadImageFile, type LoadedImage } from './imageFile';
import { diagramSourceFor } from './diagramSources';
import { createLogger } from './logger';

const log = createLogger('images');

/** Unique across conversations and views: the webview keys its "Preparing…" items by id. */
let nextImageId = 0;

/** Dropping a whole folder's worth of files is almost certainly a mistake. */
const MAX_DROPPED_URIS = 10;

export interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly uri?: vscode.Uri;
  readonly thumbnail?: string;
  /** Undefined when its file is gone (a restored chat). */
  readonly prepared?: PreparedImage;
  /** The user message it goes with. */
  readonly turn: number;
  sent: boolean;
}

/** What the attachments need from the view that shows them. */
export interface AttachmentHost {
  post(message: HostToAttachmentsMessage): void;
  notice(message: string): void;
  whenReady(): Promise<void>;
  /** The list changed: save it with the conversation (`saveNow` once an image is ready). */
  changed(saveNow: boolean): void;
}

export class ImageAttachments {
  readonly list: Attachment[] = [];
  /** Images the webview is preparing, by id: where they go in the conversation. */
  private readonly pending = new Map<
    string,
    { uri?: vscode.Uri; turn: number; source?: DiagramSource }
  >();

  constructor(
    private readonly session: ConversationSession,
    private readonly host: AttachmentHost,
  ) {}

  async handle(message: AttachmentsToHostMessage): Promise<void> {
    switch (message.type) {
      case 'attachments/pick': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: vscode.l10n.t('Attach'),
          filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] },
        });
        for (const uri of picked ?? []) {
          await this.attach(uri);
        }
        return;
      }
      case 'attachments/dropUris':
        for (const text of message.uris.slice(0, MAX_DROPPED_URIS)) {
          let uri: vscode.Uri;
          try {
            uri = vscode.Uri.parse(text, true);
          } catch {
            continue;
          }
          if (!isDroppable(uri)) {
            // The page says what was dropped; only what the user could have dragged is read.
            log.warn(`refused a dropped URI outside the workspace and the open editors`);
            this.host.notice(
              vscode.l10n.t(
                '{0} was not attached: only files of this workspace or open in an editor can be dropped here. Use Attach for other files.',
                imageFileName(uri),
              ),
            );
          } else if (isImagePath(uri.path)) {
            await this.attach(uri);
          } else {
            this.host.notice(vscode.l10n.t('{0} is not an image.', imageFileName(uri)));
          }
        }
        return;
      case 'attachments/prepared':
        return this.prepared(message);
      case 'attachments/prepareFailed':
        this.pending.delete(message.id);
        this.host.notice(message.message);
        return;
      case 'attachments/remove':
        return this.remove(message.id);
    }
  }

  /** Reads an image file and has the webview prepare it (Attach, Use Active Image, a drop). */
  async attach(uri: vscode.Uri, turn = this.session.committedTurnCount): Promise<void> {
    let image: LoadedImage;
    try {
      image = await loadImageFile(uri);
    } catch (error) {
      this.host.notice(error instanceof ImageFileError ? error.message : String(error));
      return;
    }
    const id = `img-${++nextImageId}`;
    this.pending.set(id, {
      uri,
      turn,
      source: diagramSourceFor(image),
    });
    await this.host.whenReady();
    this.host.post({
      type: 'attachments/prepare',
      image: {
        id,
        name: image.name,
        src: `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}`,
        mime: image.mime,
        bytes: image.bytes,
        uri: uri.toString(),
      },
    });
  }

  /** A reopened conversation's images come back from their files, where they went in it. */
  restore(images: readonly HistoryImage[]): void {
    for (const image of images) {
      const uri = image.uri ? vscode.Uri.parse(image.uri, true) : undefined;
      if (uri) {
        void this.attach(uri, image.turn ?? 0);
      } else {
        this.addMissing(image);
      }
    }
  }

  /** A saved image whose file is gone: listed (with its thumbnail), not sent again. */
  private addMissing(image: HistoryImage): void {
    this.list.push({
      id: `img-${++nextImageId}`,
      name: image.name,
      thumbnail: image.thumbnail,
      turn: image.turn ?? 0,
      sent: true,
    });
    this.postList();
    this.host.notice(
      vscode.l10n.t('{0} is no longer where it was; follow-ups are asked without it.', image.name),
    );
  }

  /** A turn started: every image so far has gone to the model and can no longer be removed. */
  markAllSent(): void {
    for (const attachment of this.list) {
      attachment.sent = true;
    }
    this.postList();
  }

  historyImages(): HistoryImage[] {
    return this.list.map((attachment) => ({
      name: attachment.name,
      uri: attachment.uri?.toString(),
      relativePath:
        attachment.uri && vscode.workspace.getWorkspaceFolder(attachment.uri)
          ? vscode.workspace.asRelativePath(attachment.uri, false)
          : undefined,
      thumbnail: attachment.thumbnail,
      turn: attachment.turn,
    }));
  }

  postList(): void {
    const attachments: AttachmentSummary[] = this.list.map(({ id, name, thumbnail, sent }) => ({
      id,
      name,
      thumbnail,
      sent,
    }));
    this.host.post({ type: 'attachments/list', attachments });
  }

  private prepared(message: AttachmentsPreparedMessage): void {
    if (!isValidPreparedImage(message.image)) {
      log.warn('ignored a prepared image that is not a PNG or JPEG data URL');
      return;
    }
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    const committed = this.session.committedTurnCount;
    const turn = pending?.turn ?? committed;
    const thumbnail =
      message.thumbnail && isPreparedImageDataUrl(message.thumbnail)
        ? message.thumbnail
        : undefined;
    this.list.push({
      id: message.id,
      name: message.name,
      uri: pending?.uri,
      thumbnail,
      prepared: message.image,
      turn,
      sent: turn < committed,
    });
    this.session.addImage(message.image, turn, message.name, pending?.source);
    this.host.changed(true);
    this.postList();
  }

  private remove(id: string): void {
    const index = this.list.findIndex((attachment) => attachment.id === id && !attachment.sent);
    if (index >= 0) {
      const [removed] = this.list.splice(index, 1);
      if (removed.prepared) {
        this.session.removeImage(removed.prepared);
      }
      this.host.changed(false);
    }
    this.postList();
  }
}

/**
 * A URI the user could have dragged here: a file in one of the workspace's folders (the
 * Explorer) or one open in an editor tab. The webview reports drops, so it is asked, not trusted.
 */
function isDroppable(uri: vscode.Uri): boolean {
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    return true;
  }
  const wanted = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      const tabUri =
        input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom
          ? input.uri
          : undefined;
      return tabUri?.toString() === wanted;
    }),
  );
}
