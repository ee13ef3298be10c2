// Routing with @sigx/matcher: patterns in, matching values out.
// Run it with `pnpm example` from the repository root.
import { analyzePattern, PatternSyntaxError, TopicMatcher } from '@sigx/matcher';

const routes = new TopicMatcher<string>({ cacheSize: 100 });

// A pattern matches a topic when it matches from index 0 of the topic (like Python's
// re.match); it need not consume the whole topic unless it ends in `$`.
routes
  .add('parent/.*', 'any child of parent')
  .add('parent/child.*', 'parent/child and below')
  .add('sensors/(?:temp|humidity)/', 'climate sensors')
  .add(/alerts\//i, 'alerts, in any case')
  .add('device-\\d+/status$', 'exactly device-N/status');

const topics = [
  'parent/child',
  'parent/child/toy',
  'parent/chipmunk',
  'sensors/humidity/cellar',
  'sensors/light/cellar',
  'ALERTS/fire',
  'device-42/status',
  'device-42/status/old',
];

console.log('match:');
for (const topic of topics) {
  console.log(`  ${topic.padEnd(24)} -> ${JSON.stringify(routes.match(topic))}`);
}
console.log(`test('other') -> ${routes.test('other')}`);

// Removing a registration patches the remembered results (this lookup is a memo hit):
// nothing stale is ever returned.
routes.remove('parent/.*', 'any child of parent');
console.log(`after remove: parent/child -> ${JSON.stringify(routes.match('parent/child'))}`);

// What the index learned about a pattern: its literal prefixes, and whether a topic that
// starts with one of them matches without running the regex (`exact`).
for (const pattern of ['colou?r/.*', 'device-\\d+/status$']) {
  const { prefixes, exact, reason } = analyzePattern(pattern);
  console.log(`analyzePattern(${JSON.stringify(pattern)}):`);
  console.log(`  prefixes: ${JSON.stringify(prefixes)}`);
  console.log(`  exact: ${exact}${reason === null ? '' : ` (${reason})`}`);
}

// An invalid pattern is refused when it is added.
try {
  routes.add('parent/(', 'broken');
} catch (error) {
  if (error instanceof PatternSyntaxError) {
    console.log(`${error.name}: pattern ${JSON.stringify(error.pattern)} refused`);
  }
}

console.log('stats:', JSON.stringify(routes.stats(), null, 2));
