package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The UDP handler's batching: answers ready while a batch of datagrams is read go out together when
 * the batch ends; an answer that comes later goes out at once.
 */
class UdpQueryHandlerTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

  /**
   * Answers "now." names at once (a cache hit) and "later." names when {@link #later} completes.
   */
  private final CompletableFuture<Void> later = new CompletableFuture<>();

  private final DnsHandler chain =
      new DnsHandler() {
        @Override
        public String name() {
          return "stub";
        }

        @Override
        public CompletionStage<DnsResponse> serve(Request request) {
          DnsResponse response =
              DnsResponse.of("stub", Responses.error(request.query(), Rcode.NXDOMAIN));
          return request.query().lowerName().startsWith("later.")
              ? later.thenApply(done -> response)
              : CompletableFuture.completedFuture(response);
        }
      };

  private final EmbeddedChannel channel =
      new EmbeddedChannel(
          new UdpQueryHandler(
              new QueryProcessor(
                  new ZoneRouter(List.of(new ServerBlock(List.of("."), chain, List.of()))),
                  ListenerEvents.LOGGING)));

  @Test
  void answersOfOneReadBatchAreFlushedTogetherWhenTheBatchEnds() throws Exception {
    channel.pipeline().fireChannelRead(datagram("now.a.", 1));
    channel.pipeline().fireChannelRead(datagram("now.b.", 2));
    channel.pipeline().fireChannelRead(datagram("now.c.", 3));
    assertThat(channel.outboundMessages()).as("nothing flushed mid-batch").isEmpty();

    channel.pipeline().fireChannelReadComplete();

    assertThat(answerIds()).containsExactly(1, 2, 3);
  }

  @Test
  void anAnswerReadyAfterItsBatchEndedIsFlushedAtOnce() throws Exception {
    channel.pipeline().fireChannelRead(datagram("later.a.", 7));
    channel.pipeline().fireChannelReadComplete();
    assertThat(channel.outboundMessages()).isEmpty();

    later.complete(null);
    channel.runPendingTasks();

    assertThat(answerIds()).containsExactly(7);
  }

  private static DatagramPacket datagram(String name, int id) throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
    query.getHeader().setID(id);
    return new DatagramPacket(Unpooled.wrappedBuffer(query.toWire()), SERVER, CLIENT);
  }

  private List<Integer> answerIds() {
    return channel.outboundMessages().stream()
        .map(DatagramPacket.class::cast)
        .map(
            packet -> {
              try {
                assertThat(packet.recipient()).isEqualTo(CLIENT);
                return new Message(ByteBufUtil.getBytes(packet.content())).getHeader().getID();
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              } finally {
                packet.release();
              }
            })
        .toList();
  }
}
