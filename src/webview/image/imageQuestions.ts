// The analysis panel's ways of asking about and pointing at its image: a selected region goes
// with the next task as a full-resolution crop and stays outlined beside the turn that asked;
// "Show on diagram" asks the model for the boxes of what it mentions, which are then drawn on
// the image and linked to the names in the answer, both ways.

import * as l10n from '@vscode/l10n';
import { displayedToStored, toPixels } from '../../core/grounding';
import type {
  GroundedComponent,
  PixelBox,
  PreparedImage,
  Size,
  TaskOptions,
  ZoomNote,
  ZoomRecord,
} from '../../core/protocol';
import type { TurnDecorator } from '../conversation/conversationController';
import { h, icon, Icons } from '../dom';
import { highlightComponentNames, markComponentNames } from '../conversation/groundingLinks';
import type { OverlayComponent } from './imageOverlay';
import type { ImageViewer } from './imageViewer';
import { cropRegion } from './regionCrop';
import type { TurnElement } from '../conversation/turnElement';
import type { OriginalLookup } from '../zoom/zoomCuts';
import { ZoomTrail } from '../zoom/zoomTrail';

export interface ImageFacts {
  readonly mime: string;
  readonly orientation: number;
  readonly maxImageSide: number;
  /** Set when the provider rescales images with a longer short side (ImagePolicy.maxShortSide). */
  readonly maxImageShortSide?: number;
}

export class ImageQuestions implements TurnDecorator {
  /** The Show on diagram toggle and the selected region, for the composer's toolbar. */
  readonly groundingToggle: HTMLButtonElement;
  readonly regionChip: HTMLButtonElement;
  private pendingRegion: PixelBox | undefined;
  /** The selected region changed (the estimate beside Analyze counts its crop). */
  onRegionChange: (() => void) | undefined;
  private grounding = false;
  private regionCount = 0;
  private readonly grounded = new Map<
    string,
    { turn: TurnElement; components: readonly GroundedComponent[] }
  >();
  /** Turns grounded before the image was shown (a restored panel): drawn once it is. */
  private imageSize: Size | undefined;
  private readonly trail: ZoomTrail;

  /** `originals`: the images the model numbers, as this page holds them (for the zoom trail). */
  constructor(
    private readonly viewer: ImageViewer,
    private readonly facts: () => ImageFacts,
    originals: OriginalLookup,
  ) {
    this.trail = new ZoomTrail(viewer.overlay, originals);
    this.groundingToggle = h(
      'button',
      {
        type: 'button',
        class: 'option-toggle grounding-toggle',
        'aria-pressed': 'false',
        title: l10n.t(
          'Ask the model to point at the components it mentions; hover a name to see it on the image',
        ),
      },
      icon(Icons.region),
      l10n.t('Show on diagram'),
    );
    this.groundingToggle.addEventListener('click', () => {
      this.grounding = !this.grounding;
      this.groundingToggle.setAttribute('aria-pressed', String(this.grounding));
    });
    this.regionChip = h('button', {
      type: 'button',
      class: 'option-toggle region-chip',
      hidden: true,
    });
    this.regionChip.addEventListener('click', () => this.setRegion(undefined));
    viewer.onRegionSelected = (box) => this.setRegion(box);
    viewer.overlay.onHoverComponent = (turnId, index) => {
      const entry = this.grounded.get(turnId);
      if (entry) {
        highlightComponentNames(entry.turn.answerBody, index);
      }
      viewer.overlay.highlightComponent(turnId, index);
    };
    viewer.onImageShown = (size) => {
      this.imageSize = size;
      for (const { turn, components } of this.grounded.values()) {
        this.draw(turn, components);
      }
      this.trail.imageShown();
    };
  }

  /** What goes with the next task: the crop of the selected region, and Show on diagram. */
  async taskOptions(): Promise<TaskOptions> {
    const box = this.pendingRegion;
    const original = this.viewer.originalImage;
    if (!box || !original) {
      return { grounding: this.grounding || undefined };
    }
    const crop = await this.cut(original, box);
    // Asked about: the outline now belongs to the turn (drawn when the host starts it).
    this.setRegion(undefined);
    return {
      grounding: this.grounding || undefined,
      region: { box, original: original.size, crop },
    };
  }

  /**
   * The crop that goes with a question about `box`: cut from the original at full resolution
   * (scaled only past the long-side limit). Also for restored region questions, whose crops
   * history does not keep. Undefined before the image is shown.
   */
  async cropOf(box: PixelBox): Promise<PreparedImage | undefined> {
    const original = this.viewer.originalImage;
    return original && this.cut(original, box);
  }

  private cut(
    original: { readonly image: HTMLImageElement; readonly size: Size },
    box: PixelBox,
  ): Promise<PreparedImage> {
    return cropRegion(
      original.image,
      original.size,
      box,
      this.facts().mime,
      this.facts().maxImageSide,
      this.facts().maxImageShortSide,
    );
  }

  turnShown(turn: TurnElement): void {
    const { region, groundingRequested, repairOf } = turn.details;
    if (region) {
      const label = l10n.t('Region {0}', ++this.regionCount);
      this.viewer.overlay.addRegion(turn.id, region);
      const tag = h(
        'span',
        {
          class: 'turn-tag region-tag',
          tabindex: 0,
          title: `${Math.round(region.width)}×${Math.round(region.height)} px at ${Math.round(region.x)}, ${Math.round(region.y)}`,
        },
        icon(Icons.region),
        label,
      );
      for (const [event, id] of [
        ['pointerenter', turn.id],
        ['focus', turn.id],
        ['pointerleave', undefined],
        ['blur', undefined],
      ] as const) {
        tag.addEventListener(event, () => this.viewer.overlay.highlightRegion(id));
      }
      turn.addTag(tag);
    }
    if (groundingRequested) {
      turn.addTag(h('span', { class: 'turn-tag' }, l10n.t('Show on diagram')));
    }
    if (repairOf) {
      turn.addTag(h('span', { class: 'turn-tag' }, l10n.t('Automatic fix')));
    }
  }

  turnGrounded(turn: TurnElement, components: readonly GroundedComponent[]): void {
    this.grounded.set(turn.id, { turn, components });
    // The boxes are drawn now; the names are marked once the answer is in the DOM.
    turn.whenAnswerShown(() =>
      markComponentNames(turn.answerBody, components, (index) => {
        if (this.viewer.overlay.shownGroundingTurn !== turn.id) {
          this.draw(turn, components);
        }
        this.viewer.overlay.highlightComponent(turn.id, index);
        highlightComponentNames(turn.answerBody, index);
      }),
    );
    this.draw(turn, components);
  }

  turnZoomed(turn: TurnElement, zooms: readonly ZoomRecord[]): void {
    this.trail.add(turn, zooms);
  }

  turnZoomNote(turn: TurnElement, note: ZoomNote): void {
    this.trail.note(turn, note);
  }

  private draw(turn: TurnElement, components: readonly GroundedComponent[]): void {
    const size = this.imageSize;
    if (!size) {
      return;
    }
    const orientation = this.facts().orientation;
    const boxes: OverlayComponent[] = components.map((component) => {
      const box = toPixels(component.box, size);
      const stored =
        orientation !== 1
          ? `; ${describe(displayedToStored(box, orientation, size))} in the file's stored pixels (EXIF orientation ${orientation})`
          : '';
      return {
        name: component.name,
        box,
        detail: `${describe(box)} in the original's pixels${stored}`,
      };
    });
    this.viewer.overlay.showGrounding(turn.id, boxes);
  }

  /** The region the next question asks about, if any. */
  get selectedRegion(): PixelBox | undefined {
    return this.pendingRegion;
  }

  private setRegion(box: PixelBox | undefined): void {
    this.pendingRegion = box;
    this.onRegionChange?.();
    this.regionChip.hidden = !box;
    if (box) {
      this.regionChip.replaceChildren(
        icon(Icons.region),
        l10n.t('Region {0}×{1}', box.width, box.height),
        icon(Icons.close),
      );
      this.regionChip.title = l10n.t(
        'Asking about {0}×{1} px at {2}, {3}: the crop goes with the task. Click to clear.',
        box.width,
        box.height,
        box.x,
        box.y,
      );
      this.regionChip.setAttribute(
        'aria-label',
        l10n.t('Selected region {0} by {1} pixels; press to clear', box.width, box.height),
      );
    } else {
      this.viewer.clearSelection();
    }
  }
}

function describe(box: PixelBox): string {
  return `${Math.round(box.width)}×${Math.round(box.height)} at ${Math.round(box.x)}, ${Math.round(box.y)}`;
}
