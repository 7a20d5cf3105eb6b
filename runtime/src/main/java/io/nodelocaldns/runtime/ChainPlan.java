package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a reload does with the chains: each block of the new Corefile takes the running chain of an
 * identical block (see {@link BlockIdentity}) if there is one left, or gets a new one; running
 * chains nobody took are left behind.
 *
 * @param next the chains to serve, in the new Corefile's order
 * @param built the new chains among them (closed again by {@link #abandon()})
 * @param leftBehind running chains the new Corefile does not use
 */
record ChainPlan(List<BlockChain> next, List<BlockChain> built, List<BlockChain> leftBehind) {

  /** Plans {@code corefile} over {@code running}, building what is missing with {@code build}. */
  static ChainPlan of(
      List<BlockChain> running, Corefile corefile, Function<ServerConfig, BlockChain> build) {
    Map<BlockIdentity, Deque<BlockChain>> reusable = new HashMap<>();
    running.forEach(
        chain -> reusable.computeIfAbsent(chain.identity(), k -> new ArrayDeque<>()).add(chain));
    List<BlockChain> next = new ArrayList<>();
    List<BlockChain> built = new ArrayList<>();
    try {
      for (ServerConfig config : corefile.servers()) {
        Deque<BlockChain> same = reusable.get(BlockIdentity.of(config));
        BlockChain chain = same == null ? null : same.poll();
        if (chain == null) {
          chain = build.apply(config);
          built.add(chain);
        }
        next.add(chain);
      }
    } catch (RuntimeException e) {
      built.forEach(BlockChain::close);
      throw e;
    }
    List<BlockChain> leftBehind = reusable.values().stream().flatMap(Deque::stream).toList();
    return new ChainPlan(List.copyOf(next), List.copyOf(built), leftBehind);
  }

  /** The plan is not carried out: closes the chains it built. */
  void abandon() {
    built.forEach(BlockChain::close);
  }

  int kept() {
    return next.size() - built.size();
  }
}
