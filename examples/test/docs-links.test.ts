// Every relative link of the documentation points at a file that exists and, with a
// #fragment, at a heading that exists in it (GitHub's anchor for that heading), so that the
// docs cannot lose their cross-references silently when a file or a heading is renamed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docFiles } from './doc-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = [
  ...docFiles(root),
  'CONTRIBUTING.md',
  'AGENTS.md',
  'benchmarks/README.md',
  '.changeset/README.md',
];

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (outside code blocks), with GitHub's -1, -2 for repeats. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    const heading = fence === null ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] : undefined;
    if (heading === undefined) continue;
    const base = anchorOf(heading);
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Relative links and images of a Markdown file, with their lines, outside code. */
function linksOf(text: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)|^\s*\[[^\]]+\]:\s*(\S+)/g)) {
      const target = match[1] ?? match[2]!;
      if (!/^[a-z]+:/i.test(target)) links.push({ target, line: i + 1 });
    }
  });
  return links;
}

describe('links between the documents', () => {
  it.each(files)('%s links only to files and headings that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const broken: string[] = [];
    for (const { target, line } of linksOf(text)) {
      const [path = '', fragment] = target.split('#');
      const resolved = path === '' ? join(root, file) : join(root, dirname(file), path);
      if (!existsSync(resolved)) {
        broken.push(`${file}:${line}: ${target} (no ${relative(root, resolved)})`);
        continue;
      }
      if (fragment === undefined || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) {
        continue;
      }
      if (!anchorsOf(readFileSync(resolved, 'utf8')).has(fragment)) {
        broken.push(`${file}:${line}: ${target} (no heading with that anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    expect(anchorOf('Streams and `next`')).toBe('streams-and-next');
    expect(anchorOf('How `add` and `remove` patch the memo')).toBe(
      'how-add-and-remove-patch-the-memo',
    );
    expect(anchorOf('3. Publish')).toBe('3-publish');
    expect(anchorOf('Wildcard filters (`mqtt`, `amqp`, `glob`)')).toBe(
      'wildcard-filters-mqtt-amqp-glob',
    );
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
  });
});
