/**
 * The `publisher` that handlers and filters receive for a message that came through Redis:
 * objects do not cross processes, so it describes where the message was published instead.
 * Tell remote messages from local ones with `publisher instanceof RemotePublisher`.
 *
 * @example
 * ```ts
 * exchange.subscribe({
 *   topicPattern: 'orders/.*',
 *   handler: (id, publisher, message) => {
 *     if (publisher instanceof RemotePublisher) console.log('from node', publisher.nodeId);
 *   },
 * });
 * ```
 */
export class RemotePublisher {
  /** The node id of the bridge that sent the message (its `nodeId` option). */
  readonly nodeId: string;

  /** @param nodeId - the sending bridge's node id. */
  constructor(nodeId: string) {
    this.nodeId = nodeId;
    Object.freeze(this);
  }
}
