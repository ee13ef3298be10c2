/**
 * Typed topics: the type-level half of `new SignalExchange<Topics>()`. Nothing here exists at
 * runtime. A topic map names MQTT-style topic templates (`+` one level, `#` the rest, zero
 * levels included) and the value type of each; from it, `publish(topic, value)` checks a
 * topic's value, and `subscribe`, `stream` and `next` type what a pattern can receive.
 *
 * Type-checking cost matters with hundreds of templates, so nothing walks the templates one by
 * one: a topic or filter is walked level by level, and at each level the candidate template
 * prefixes are found by intersecting unions of string literals, which the compiler does
 * natively. Recursion is as deep as a topic has levels (tail-recursive where it can be).
 *
 * @module
 */
import type { MqttPattern, TopicPattern } from '@sigx/matcher';

/**
 * A topic map: MQTT-style topic templates to the type of the values published on them, e.g.
 * `{ 'orders/created': Order; 'devices/+/temp': number; 'logs/#': LogLine }`. Levels are
 * separated by `/`; a level `+` is any one level (possibly empty), a last level `#` is any
 * number of levels, zero included (`logs/#` fits the topic `logs`); every other level is
 * literal. As in MQTT, a template whose first level is `+` or `#` fits no topic that starts
 * with `$`. An interface or a type literal; keys that are not strings are ignored.
 */
export type TopicMap = object;

/**
 * The topic map of an untyped exchange, the default: any topic, `unknown` values. Any map with
 * a `string` index signature is untyped the same way (`Record<string, number>`: any topic,
 * `number` values).
 */
export interface UntypedTopics {
  /** Any topic; any value. */
  readonly [topic: string]: unknown;
}

/**
 * The string keys of a map: its templates. A conditional type, because the compiler caches the
 * instantiations of those: a bare `keyof T` is recomputed (over every property of the map) each
 * time a type that contains it is instantiated, which was a fifth of the check time with 200
 * templates. Always use this instead of `keyof T`.
 */
type Keys<T> = T extends unknown ? keyof T & string : never;

/** Whether a map is untyped: a `string` index signature. */
type IsUntyped<T> = string extends Keys<T> ? true : false;

/** Whether a string type is a literal (`'a/b'`, or a union of them), not a pattern (`a/${string}`, `string`). */
type IsLiteral<S extends string> = Record<never, never> extends Record<S, 1> ? false : true;

/** Whether a level starts with `$` (then a first-level `+` or `#` does not match it). */
type IsDollar<L extends string> = L extends `$${string}` ? true : false;

/** The topic type of one template level: `+` is any string. */
type LevelTopic<L extends string> = L extends '+' ? string : L;

/**
 * The topics a template fits, as a template literal type: `devices/+/temp` is
 * `` `devices/${string}/temp` ``, `logs/#` is `'logs' | `logs/${string}``, `#` is `string`.
 * (A `${string}` may hold a `/`, so this is wider than the template for literal topics; see
 * {@link FittingTemplates} for the exact rule.)
 *
 * @typeParam Template - a topic template.
 */
export type TemplateTopic<Template extends string> = Template extends `${infer H}/${infer R}`
  ? R extends '#'
    ? LevelTopic<H> | `${LevelTopic<H>}/${string}`
    : `${LevelTopic<H>}/${TemplateTopic<R>}`
  : Template extends '#'
    ? string
    : LevelTopic<Template>;

/**
 * The topic types `publish(topic, value)` accepts on an exchange typed by `T`: the union of
 * {@link TemplateTopic} of every template, e.g. `'orders/created' | `devices/${string}/temp``,
 * so that `` publish(`devices/${id}/temp`, 21) `` type-checks; `string` when untyped. A literal
 * topic must also fit a template level by level (see {@link CheckedTopic}).
 *
 * @typeParam T - the topic map.
 */
export type PublishableTopic<T extends TopicMap> =
  IsUntyped<T> extends true ? string : TemplateTopic<Keys<T>>;

/** Every level prefix of the templates (`a/+/c`: `a`, `a/+`, `a/+/c`): the nodes of their trie. */
type TemplatePrefixes<
  P extends string,
  Before extends string = '',
> = P extends `${infer H}/${infer R}`
  ? `${Before}${H}` | TemplatePrefixes<R, `${Before}${H}/`>
  : `${Before}${P}`;

/** {@link TemplatePrefixes} of every template of a map, computed once per map. */
type Prefixes<T> = TemplatePrefixes<Keys<T>>;

/**
 * The template levels that fit a topic level: itself and `+`; only `+` for a level that is a
 * pattern (`${string}`, `dev${string}`), which a literal template level is not assigned from.
 */
type LevelFits<L extends string> = IsLiteral<L> extends true ? L | '+' : '+';

/**
 * Walks a topic's levels after the first. `At`: the template prefixes that fit the levels so
 * far (never: nothing can fit any more); `Found`: the templates found fitting already (those
 * ending in `#` along the way).
 */
type WalkTopic<T, At extends string, Rest extends string, Found extends string> = [At] extends [
  never,
]
  ? Found
  : Rest extends `${infer H}/${infer R}`
    ? WalkTopic<T, Step<T, At, LevelFits<H>>, R, Found | Step<T, At, '#'>>
    : TopicEnd<T, Step<T, At, LevelFits<Rest>>, Found | Step<T, At, '#'>>;

/** After a topic's last level: the templates that end there, or go on with a `#` (zero levels). */
type TopicEnd<T, At extends string, Found extends string> =
  Found | (At & Keys<T>) | Step<T, At, '#'>;

/**
 * The first level of a topic: a `$` level is fitted by itself only (a literal template level),
 * by neither `#` nor `+`.
 */
type TopicStart<T, H extends string> = (IsDollar<H> extends true
  ? IsLiteral<H> extends true
    ? H
    : never
  : LevelFits<H>) &
  ChildrenOf<T, ''>;
type TopicHash<T, H extends string> = IsDollar<H> extends true ? never : '#' & Keys<T>;

/** {@link FittingTemplates} of one topic type (not a union). */
type FittingOne<T, K extends string> = K extends `${infer H}/${infer R}`
  ? WalkTopic<T, TopicStart<T, H>, R, TopicHash<T, H>>
  : TopicEnd<T, TopicStart<T, K>, TopicHash<T, K>>;

/**
 * The templates of `T` that a topic fits, MQTT's way, level by level: a literal level fits
 * itself and `+`, `#` fits the remaining levels (zero included), and a first-level `+` or `#`
 * does not fit a level that starts with `$`. A template literal topic is split at its literal
 * `/`s, and a level with a `${string}` in it is fitted by `+` only (a literal template level
 * is not assigned from it): `` `devices/${string}/temp` `` fits `devices/+/temp`,
 * `devices/#` and `#`, not `devices/kitchen/temp`. A `string` topic fits only `#` and `+/#`
 * (and `+`). For a union of topics, the templates any of them fits.
 *
 * @typeParam T - the topic map.
 * @typeParam Topic - the topic type.
 */
export type FittingTemplates<T extends TopicMap, Topic extends string> = Topic extends string
  ? FittingOne<T, Topic>
  : never;

/** A template's value as a parameter, so that a union of them infers their intersection. */
type ValueParameter<T, Template> = Template extends Keys<T> ? (value: T[Template]) => void : never;

/** The intersection of the values of some templates (a union of keys); never for none. */
type IntersectValues<T, Templates> = [Templates] extends [never]
  ? never
  : ValueParameter<T, Templates> extends (value: infer V) => void
    ? V
    : never;

/**
 * The value type a topic takes on an exchange typed by `T`: the intersection of the value
 * types of every template the topic fits ({@link FittingTemplates}), since every subscriber of
 * each of them receives it. `never` when it fits none (and then `publish` refuses the topic
 * itself); `unknown` (the index signature's type) when the map is untyped.
 *
 * @typeParam T - the topic map.
 * @typeParam Topic - the topic type.
 *
 * @example
 * ```ts
 * type Topics = { 'devices/+/temp': number; 'devices/#': { unit?: string } };
 * type V = TopicValue<Topics, 'devices/hall/temp'>; // number & { unit?: string }
 * ```
 */
export type TopicValue<T extends TopicMap, Topic extends string> =
  IsUntyped<T> extends true ? T[Keys<T>] : IntersectValues<T, FittingTemplates<T, Topic>>;

/**
 * What `publish(topic, value)` accepts as its topic: the topic itself when it fits a template
 * of `T` (see {@link FittingTemplates}), otherwise a message type that no topic is assignable
 * to, so that the compiler's error names the problem. Any topic when untyped.
 *
 * @typeParam T - the topic map.
 * @typeParam Topic - the topic type, as inferred.
 */
export type CheckedTopic<T extends TopicMap, Topic extends string> =
  IsUntyped<T> extends true
    ? Topic
    : Topic extends string
      ? [FittingOne<T, Topic>] extends [never]
        ? `sigx: no topic template fits the topic '${Topic}'`
        : Topic
      : never;

/** What a regular-expression metacharacter in a string pattern makes of it: a regex. */
type Metacharacter =
  '\\' | '^' | '$' | '.' | '|' | '?' | '*' | '+' | '(' | ')' | '[' | ']' | '{' | '}';

/** The parent of a template prefix (`a/+/c`: `a/+`), `''` for a first level. */
type ParentOf<Prefix extends string> = Prefix extends `${infer H}/${infer R}`
  ? R extends `${string}/${string}`
    ? `${H}/${ParentOf<R>}`
    : H
  : '';

/** The proper prefixes of a template (`a/+/c`: `a`, `a/+`). */
type AncestorsOf<Template extends string> = Template extends `${infer H}/${infer R}`
  ? H | `${H}/${AncestorsOf<R>}`
  : never;

/**
 * The trie of the templates as two lookups, built once per map: the child prefixes of every
 * prefix (`''`: the first levels), and the templates below every prefix. A filter's `+` and
 * `#` and a prefix's partial level read them by property, instead of intersecting a pattern
 * such as `` `a/${string}` `` with every prefix of the map (which the compiler would do one by
 * one, for every pattern).
 */
type Children<T> = { [Prefix in Prefixes<T> as ParentOf<Prefix>]: Prefix };
type Descendants<T> = { [Template in Keys<T> as AncestorsOf<Template>]: Template };
type WithChildren<T> = Keys<Children<T>>;
type WithDescendants<T> = Keys<Descendants<T>>;

/** The child prefixes of some prefixes (a union). */
type ChildrenOf<T, At extends string> = [At] extends [string]
  ? Children<T>[At & WithChildren<T>] & string
  : never;
/**
 * The children of `At` whose last level is one of `Levels` (`+` in a template is a level like
 * any other here): a lookup and a small intersection, not one against every prefix of the map.
 */
type Step<T, At extends string, Levels extends string> = ChildrenOf<T, At> & `${At}/${Levels}`;
/** The templates strictly below some prefixes, and those prefixes that are templates. */
type Under<T, At extends string> = (At & Keys<T>) | Descendants<T>[At & WithDescendants<T>];

/**
 * The templates a literal string pattern reaches: those that some topic starting with it fits.
 * The full levels are walked like a topic's; the last, partial one is the start of a level,
 * met by the children of `At` that start with it and by `+`, and by a `#` above.
 */
type WalkPrefix<T, At extends string, Rest extends string, Found extends string> = [At] extends [
  never,
]
  ? Found
  : Rest extends `${infer H}/${infer R}`
    ? WalkPrefix<T, Step<T, At, H | '+'>, R, Found | Step<T, At, '#'>>
    : | Found
      | Step<T, At, '#'>
      | Under<T, ChildrenOf<T, At> & (`${At}/${Rest}${string}` | `${At}/+`)>;

/**
 * {@link MatchedTemplates} of a literal prefix. It cannot start with `$` (a metacharacter), so
 * a first-level `+` or `#` is never excluded.
 */
type PrefixTemplates<T, S extends string> = S extends `${infer H}/${infer R}`
  ? WalkPrefix<T, (H | '+') & ChildrenOf<T, ''>, R, '#' & Keys<T>>
  : ('#' & Keys<T>) | Under<T, ChildrenOf<T, ''> & (`${S}${string}` | '+')>;

/** The template levels a filter level can meet below `At` (`+`: any one level). */
type FilterStep<T, At extends string, L extends string> = L extends '+'
  ? ChildrenOf<T, At>
  : Step<T, At, L | '+'>;

/**
 * Walks an MQTT filter's levels after the first: a literal level meets itself and `+`, a `+`
 * meets any one level, a `#` meets everything below (and the level above: zero levels), and a
 * template's `#` meets the rest of the filter.
 */
type WalkFilter<T, At extends string, Rest extends string, Found extends string> = [At] extends [
  never,
]
  ? Found
  : Rest extends '#'
    ? Found | Under<T, At>
    : Rest extends `${infer H}/${infer R}`
      ? WalkFilter<T, FilterStep<T, At, H>, R, Found | Step<T, At, '#'>>
      : FilterEnd<T, FilterStep<T, At, Rest>, Found | Step<T, At, '#'>>;

type FilterEnd<T, At extends string, Found extends string> =
  Found | (At & Keys<T>) | Step<T, At, '#'>;

/** The first-level template prefixes, none starting with `$` (what a wildcard first level meets). */
type FirstLevels<T> = Exclude<ChildrenOf<T, ''>, `$${string}`>;

/** The first level of a filter: a literal meets itself (and `+`, unless it starts with `$`). */
type FilterStart<T, H extends string> = H extends '+'
  ? FirstLevels<T>
  : (IsDollar<H> extends true ? H : H | '+') & ChildrenOf<T, ''>;

/** {@link MatchedTemplates} of an MQTT filter (one, not a union). */
type FilterTemplates<T, F extends string> = F extends '#'
  ? ('#' & Keys<T>) | Under<T, FirstLevels<T>>
  : F extends `${infer H}/${infer R}`
    ? WalkFilter<T, FilterStart<T, H>, R, IsDollar<H> extends true ? never : '#' & Keys<T>>
    : FilterEnd<T, FilterStart<T, F>, IsDollar<F> extends true ? never : '#' & Keys<T>>;

/** {@link MatchedTemplates} of one pattern type (not a union). */
type PatternTemplates<T, P> = P extends string
  ? IsLiteral<P> extends true
    ? P extends `${string}${Metacharacter}${string}`
      ? Keys<T>
      : PrefixTemplates<T, P>
    : Keys<T>
  : P extends MqttPattern<infer F>
    ? string extends F
      ? Keys<T>
      : FilterTemplates<T, F>
    : Keys<T>;

/**
 * The templates of `T` whose topics a subscription pattern can match:
 *
 * - an `mqtt(filter)` pattern (an {@link MqttPattern} with a literal filter): the templates
 *   that some topic fits together with the filter, unified level by level (`+` meets any one
 *   level on either side, `#` the rest, zero levels included; a first-level wildcard on either
 *   side does not meet a level starting with `$`), so `mqtt('devices/#')` reaches
 *   `devices/+/temp` and `#`;
 * - a string pattern without regular-expression metacharacters (`\ ^ $ . | ? * + ( ) [ ] { }`),
 *   which matches the topics that start with it: the templates that some such topic fits
 *   (`'devices/'` reaches `devices/+/temp`, `'dev'` too, `'devices/x/temp/'` does not);
 * - any other pattern (a regular expression, a `RegExp`, `glob()` and `amqp()` results, a
 *   `string` or `RegExp` not known to the compiler): every template.
 *
 * None (`never`) when the pattern can match no topic of the map.
 *
 * @typeParam T - the topic map.
 * @typeParam P - the pattern type.
 */
export type MatchedTemplates<T extends TopicMap, P> = P extends unknown
  ? PatternTemplates<T, P>
  : never;

/**
 * The value type a subscription with pattern `P` receives on an exchange typed by `T`: the
 * union of the value types of the {@link MatchedTemplates} (any of them may arrive). `never`
 * when the pattern matches no template (such a subscription receives nothing that publish
 * could type), `unknown` (the index signature's type) when the map is untyped.
 *
 * @typeParam T - the topic map.
 * @typeParam P - the pattern type (`TopicPattern` or narrower).
 *
 * @example
 * ```ts
 * type Topics = { 'devices/+/temp': number; 'devices/+/name': string; 'logs/#': string[] };
 * type A = PatternValue<Topics, MqttPattern<'devices/#'>>; // number | string
 * type B = PatternValue<Topics, 'logs'>; // string[]
 * type C = PatternValue<Topics, RegExp>; // number | string | string[]
 * ```
 */
export type PatternValue<T extends TopicMap, P extends TopicPattern> =
  IsUntyped<T> extends true ? T[Keys<T>] : ValuesOf<T, MatchedTemplates<T, P>>;

/** The union of the values of some templates. */
type ValuesOf<T, Templates> = Templates extends Keys<T> ? T[Templates] : never;
