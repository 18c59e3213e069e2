// A malformed request, returned (not thrown) by RequestParser.
// The message is what Redis passes to addReplyError() in processInlineBuffer /
// processMultibulkBuffer (networking.c), without the "ERR " that addReplyErrorLength adds;
// the server replies "-ERR " + message and then closes the link, as setProtocolError's
// CLIENT_CLOSE_AFTER_REPLY does.

export class ProtocolError {
  constructor(readonly message: string) {}

  toString(): string {
    return this.message;
  }
}
