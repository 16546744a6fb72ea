// The zoom trail of each turn: the regions the model zoomed into, outlined on the panel's image
// ("Zoom 1", "Zoom 2"… in the order it asked) and listed with the turn as thumbnails cut from the
// originals here, so a turn restored from history shows them as the live one did. The image shows
// one turn's trail at a time (the newest; hovering another turn's crop shows that turn's), and
// hovering or focusing a crop highlights its outline.

import type { ZoomNote, ZoomRecord } from '../../core/protocol';
import { h } from '../dom';
import type { ImageOverlay } from '../image/imageOverlay';
import { cropRegion } from '../image/regionCrop';
import type { TurnElement } from '../conversation/turnElement';
import type { OriginalLookup } from './zoomCuts';
import { zoomName, zoomNoteText, ZoomStrip } from './zoomStrip';

/** Thumbnails are cut at twice the size they are shown at, for sharp high-DPI screens. */
const THUMBNAIL_SIDE = 160;

interface TurnTrail {
  readonly turn: TurnElement;
  readonly strip: ZoomStrip;
  readonly records: ZoomRecord[];
  /** Labels whose thumbnail is cut (or being cut). */
  readonly pictured: Set<number>;
}

export class ZoomTrail {
  private readonly trails = new Map<string, TurnTrail>();

  /** Without `overlay` (the side chat shows no image), the trail is the list of crops alone. */
  constructor(
    private readonly overlay: ImageOverlay | undefined,
    private readonly originals: OriginalLookup,
  ) {}

  /** The turn's trail grew (or a restored turn shows its trail). */
  add(turn: TurnElement, records: readonly ZoomRecord[]): void {
    const trail = this.trailOf(turn);
    const fresh = records.filter(
      (record) => !trail.records.some((known) => known.label === record.label),
    );
    trail.records.push(...fresh);
    trail.strip.add(fresh);
    this.show(trail);
    this.picture(trail);
  }

  /** The turn answered without zooming: said quietly under its answer. */
  note(turn: TurnElement, note: ZoomNote): void {
    turn.addSection(h('p', { class: 'zoom-note' }, zoomNoteText(note)));
  }

  /** The panel's image is shown now: outlines and thumbnails that waited for it are drawn. */
  imageShown(): void {
    const newest = [...this.trails.values()].at(-1);
    if (newest) {
      this.show(newest);
    }
    this.trails.forEach((trail) => this.picture(trail));
  }

  private trailOf(turn: TurnElement): TurnTrail {
    const known = this.trails.get(turn.id);
    if (known) {
      return known;
    }
    const trail: TurnTrail = {
      turn,
      records: [],
      pictured: new Set(),
      strip: new ZoomStrip({
        onHighlight: (label) => {
          if (label !== undefined && this.overlay?.shownZoomTurn !== turn.id) {
            this.show(trail);
          }
          this.overlay?.highlightZoom(turn.id, label);
        },
      }),
    };
    this.trails.set(turn.id, trail);
    turn.addSection(trail.strip.element);
    return trail;
  }

  /** Outlines the trail's regions of the panel's own image (image 1). */
  private show(trail: TurnTrail): void {
    this.overlay?.showZooms(
      trail.turn.id,
      trail.records
        .filter((record) => record.image === 1)
        .map((record) => ({
          label: record.label,
          box: record.region,
          name: zoomName(record.label),
        })),
    );
  }

  private picture(trail: TurnTrail): void {
    for (const record of trail.records) {
      const original = this.originals(record.image);
      if (!original || trail.pictured.has(record.label)) {
        continue;
      }
      trail.pictured.add(record.label);
      cropRegion(original.image, original.size, record.region, 'image/jpeg', THUMBNAIL_SIDE)
        .then((crop) => trail.strip.setPicture(record.label, crop.dataUrl))
        .catch(() => trail.pictured.delete(record.label));
    }
  }
}
