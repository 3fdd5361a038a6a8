/** Saves text as a file through a Blob URL and an <a download>: no `downloads` permission needed. */
export function downloadText(filename: string, text: string, type: 'application/json' | 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some browsers download nothing.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** `shedders-take-2106.09608-2026-11-28.md`: readable, sortable, safe on every file system. */
export function exportFileName(subject: string, extension: 'md' | 'json', now = new Date()): string {
  const safeSubject = subject.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'takes';
  return `shedders-take-${safeSubject}-${now.toISOString().slice(0, 10)}.${extension}`;
}
