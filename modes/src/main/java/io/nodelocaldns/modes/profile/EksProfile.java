package io.nodelocaldns.modes.profile;

import io.nodelocaldns.modes.node.IpLiterals;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * EKS: external names go straight to the VPC resolver (169.254.169.253 unless {@code
 * --vpc-resolver} says otherwise). It drops above 1,024 packets/s per ENI, which is why caching on
 * the node matters there.
 */
public final class EksProfile implements Profile {
  public static final String NAME = "eks";

  /** The Amazon-provided DNS server, reachable from every VPC. */
  public static final InetAddress DEFAULT_VPC_RESOLVER = IpLiterals.of("169.254.169.253");

  private final InetAddress vpcResolver;

  public EksProfile(InetAddress vpcResolver) {
    this.vpcResolver = Objects.requireNonNull(vpcResolver, "vpcResolver");
  }

  public EksProfile() {
    this(DEFAULT_VPC_RESOLVER);
  }

  @Override
  public String name() {
    return NAME;
  }

  public InetAddress vpcResolver() {
    return vpcResolver;
  }

  @Override
  public List<InetAddress> upstreamServers(List<InetAddress> nodeNameservers) {
    return List.of(vpcResolver);
  }
}
