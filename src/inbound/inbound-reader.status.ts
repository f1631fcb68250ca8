/** What the deployment's poller last reported (`inbound_poller`). */
export interface InboundPollerRecord {
  instanceId: string;
  mailbox: string | null;
  since: Date;
  lastPollAt: Date | null;
  messagesSeen: number;
  lastError: string | null;
}

/** What an admin sees of the deployment's poller (`transports.incoming.reader`). */
export interface InboundReaderStatus extends InboundPollerRecord {
  /** Whether the instance that answers holds the lock right now. */
  thisInstance: boolean;
}
