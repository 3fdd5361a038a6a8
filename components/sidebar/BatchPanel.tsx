import type { BatchSelection } from '@/utils/selection';

export function BatchPanel({ batch }: { batch: BatchSelection }) {
  return <p>{batch.papers.length} papers</p>;
}
