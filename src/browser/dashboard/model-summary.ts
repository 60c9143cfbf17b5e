/**
 * The header's plain words about the spam filter: how many comments the model was trained on and how
 * many of this team's decisions it has learned from, with the grammar following the counts.
 */

/** The parts of GET /api/v1/moderation/stats the summary reads. */
export interface ModelStats {
  model?: { baseDocuments?: number };
  learned?: { documents?: number };
}

const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "Spam model trained on 6,712 comments; learned from 4 of your decisions". Empty when the stats say nothing. */
export function modelSummary(stats: ModelStats | null | undefined): string {
  const trained = stats?.model?.baseDocuments;
  const learned = stats?.learned?.documents;
  const parts: string[] = [];
  if (typeof trained === 'number' && Number.isFinite(trained)) {
    parts.push(`Spam model trained on ${grouped(trained)} ${trained === 1 ? 'comment' : 'comments'}`);
  }
  if (typeof learned === 'number' && Number.isFinite(learned)) {
    parts.push(
      learned <= 0
        ? 'no decisions of yours learned from yet'
        : learned === 1
          ? 'learned from 1 decision of yours'
          : `learned from ${grouped(learned)} of your decisions`,
    );
  }
  if (!parts.length) return '';
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
