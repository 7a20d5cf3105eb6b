/**
 * The node agent: {@link io.nodelocaldns.modes.agent.AgentMain} (a tiny main), {@link
 * io.nodelocaldns.modes.agent.AgentFlags} (the upstream node-cache's flags in Go syntax, converted
 * once into an {@link io.nodelocaldns.modes.agent.AgentConfig}), and {@link
 * io.nodelocaldns.modes.agent.Agent}, which works out an {@link
 * io.nodelocaldns.modes.agent.AgentPlan} ({@code --dry-run} prints it) and owns the lifecycle that
 * executes it: serve, set the node up, reconcile, tear down. Everything node-facing comes through
 * {@link io.nodelocaldns.modes.agent.AgentComponents}.
 */
package io.nodelocaldns.modes.agent;
