// The event kinds the timeline marks (the events table has more:
// docs/market-truth.md#events), each in a lane of its own, in this order.
export const MARKED_KINDS = ['burst', 'jump', 'pull', 'fear'];
