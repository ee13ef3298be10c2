/**
 * Queue groups (`subscribe({ group })`): among the members of one group that a message reaches,
 * exactly one receives it, in turn. This file holds the groups of an exchange and the rotation
 * that picks the member; docs/delivery-semantics.md, "Queue groups", gives the rules.
 */
import type { Subscription } from './subscriptions.js';

/** One queue group of an exchange: how many members it has, and whose turn was last. */
export interface QueueGroup {
  /** The name given to `subscribe({ group })`. */
  readonly name: string;
  /** Live members; the group is forgotten when the last one leaves. */
  members: number;
  /** The `order` of the member that received the group's latest message; `-1` before any. */
  lastOrder: number;
}

/** The queue groups of one exchange, by name. */
export class QueueGroups {
  readonly #byName = new Map<string, QueueGroup>();
  #members = 0;

  /** Number of groups with at least one member. */
  get size(): number {
    return this.#byName.size;
  }

  /** Number of subscriptions in a group, over all groups (0: dispatch needs no rotation). */
  get members(): number {
    return this.#members;
  }

  /**
   * Adds a member to a group, making the group if it has none.
   * @param name - the group's name.
   * @returns the group.
   */
  join(name: string): QueueGroup {
    let group = this.#byName.get(name);
    if (group === undefined) {
      group = { name, members: 0, lastOrder: -1 };
      this.#byName.set(name, group);
    }
    group.members += 1;
    this.#members += 1;
    return group;
  }

  /**
   * Removes a member; the last one to leave takes the group (and its turn) with it.
   * @param group - the group it joined.
   */
  leave(group: QueueGroup): void {
    group.members -= 1;
    this.#members -= 1;
    if (group.members === 0 && this.#byName.get(group.name) === group) {
      this.#byName.delete(group.name);
    }
  }
}

/**
 * Picks the member of a group that receives a message: the first one after the member that
 * received the group's previous message, in subscription order, wrapping around, whose filter
 * accepts it. Filters are run in that order until one accepts, so a member that rejects the
 * message is passed over for it; when none accepts, nobody receives it and the turn stays.
 *
 * @param group - the group.
 * @param members - its members that the message reached (pattern and publisher routing), in
 * subscription order.
 * @param accepts - runs a member's filter (`true` when it has none).
 * @returns the chosen member, or `undefined` when every filter rejected the message.
 */
export function chooseMember(
  group: QueueGroup,
  members: readonly Subscription[],
  accepts: (member: Subscription) => boolean,
): Subscription | undefined {
  const count = members.length;
  let start = 0;
  while (start < count && members[start]!.order <= group.lastOrder) start += 1;
  for (let step = 0; step < count; step += 1) {
    const member = members[(start + step) % count]!;
    if (accepts(member)) {
      group.lastOrder = member.order;
      return member;
    }
  }
  return undefined;
}
