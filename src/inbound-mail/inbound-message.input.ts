import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Which message acknowledgeInboundMessage marks as handled' })
export class AcknowledgeInboundMessageInput {
  @Field(() => ID, { description: 'Global id of the message (InboundMessage.id)' })
  id!: string;
}
