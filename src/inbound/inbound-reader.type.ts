import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The one instance of the deployment that reads the incoming mailbox (it holds the reader lock), as it last reported itself' })
export class IncomingReaderStatus {
  @Field({ description: 'The instance that reads the mailbox (its INSTANCE_ID, as in the logs)' })
  instanceId!: string;

  @Field({ description: 'True when the instance that answered is the one reading' })
  thisInstance!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The mailbox being read, as protocol://user@host:port[/folder]; null while no incoming server is configured',
  })
  mailbox!: string | null;

  @Field({ description: 'When this instance took the reader lock' })
  since!: Date;

  @Field(() => Date, { nullable: true, description: 'When its last poll (or IDLE wake-up) of the mailbox ended without an error; null before the first' })
  lastPollAt!: Date | null;

  @Field(() => Int, { description: 'Messages it stored since it took the lock' })
  messagesSeen!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why its last attempt to read the mailbox failed; null after a poll that succeeded. Never contains a secret',
  })
  lastError!: string | null;
}
