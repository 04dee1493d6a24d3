import { type AgentCheck, type AgentNode, type AgentService } from '../agent/agent-model';

/** Shapes of Consul's JSON answers, with the field names and defaults Consul documents. */

function taggedNodeAddresses(node: AgentNode): Record<string, string> {
  return { lan: node.Address, lan_ipv4: node.Address, wan: node.Address, wan_ipv4: node.Address };
}

export function nodeJson(node: AgentNode): Record<string, unknown> {
  return {
    ID: node.ID,
    Node: node.Node,
    Address: node.Address,
    Datacenter: node.Datacenter,
    TaggedAddresses: taggedNodeAddresses(node),
    Meta: { 'consul-network-segment': '' },
    CreateIndex: 1,
    ModifyIndex: 1,
  };
}

export function checkJson(node: AgentNode, check: AgentCheck): Record<string, unknown> {
  return {
    Node: node.Node,
    CheckID: check.CheckID,
    Name: check.Name,
    Status: check.Status,
    Notes: check.Notes,
    Output: check.Output,
    ServiceID: check.ServiceID,
    ServiceName: check.ServiceName,
    ServiceTags: check.ServiceTags,
    Type: check.definition.kind,
    Interval: check.definition.Interval ?? '',
    Timeout: check.definition.Timeout ?? '',
    ExposedPort: 0,
    Definition: {},
    CreateIndex: check.CreateIndex,
    ModifyIndex: check.ModifyIndex,
  };
}

/** The node-level check every real agent has; always passing on the double's only node. */
export function serfHealthJson(node: AgentNode): Record<string, unknown> {
  return {
    Node: node.Node,
    CheckID: 'serfHealth',
    Name: 'Serf Health Status',
    Status: 'passing',
    Notes: '',
    Output: 'Agent alive and reachable',
    ServiceID: '',
    ServiceName: '',
    ServiceTags: [],
    Type: '',
    Interval: '',
    Timeout: '',
    ExposedPort: 0,
    Definition: {},
    CreateIndex: 1,
    ModifyIndex: 1,
  };
}

export function serviceJson(service: AgentService): Record<string, unknown> {
  return {
    ID: service.ID,
    Service: service.Service,
    Tags: service.Tags,
    Address: service.Address,
    TaggedAddresses: service.TaggedAddresses,
    Meta: service.Meta,
    Port: service.Port,
    Weights: service.Weights,
    EnableTagOverride: service.EnableTagOverride,
    Proxy: { Mode: '', MeshGateway: {}, Expose: {} },
    Connect: {},
    PeerName: '',
    CreateIndex: service.CreateIndex,
    ModifyIndex: service.ModifyIndex,
  };
}

/** An entry of `/v1/health/service/:name`. */
export function healthEntryJson(node: AgentNode, service: AgentService, checks: readonly AgentCheck[]): Record<string, unknown> {
  return {
    Node: nodeJson(node),
    Service: serviceJson(service),
    Checks: [serfHealthJson(node), ...checks.map((check) => checkJson(node, check))],
  };
}

/** An entry of `/v1/catalog/service/:name`. */
export function catalogEntryJson(node: AgentNode, service: AgentService): Record<string, unknown> {
  return {
    ID: node.ID,
    Node: node.Node,
    Address: node.Address,
    Datacenter: node.Datacenter,
    TaggedAddresses: taggedNodeAddresses(node),
    NodeMeta: { 'consul-network-segment': '' },
    ServiceKind: '',
    ServiceID: service.ID,
    ServiceName: service.Service,
    ServiceTags: service.Tags,
    ServiceAddress: service.Address,
    ServiceTaggedAddresses: service.TaggedAddresses,
    ServiceWeights: service.Weights,
    ServiceMeta: service.Meta,
    ServicePort: service.Port,
    ServiceEnableTagOverride: service.EnableTagOverride,
    ServiceProxy: { Mode: '', MeshGateway: {}, Expose: {} },
    ServiceConnect: {},
    CreateIndex: service.CreateIndex,
    ModifyIndex: service.ModifyIndex,
  };
}

/** A value of the `/v1/agent/services` map (and `/v1/agent/service/:id`). */
export function agentServiceJson(node: AgentNode, service: AgentService): Record<string, unknown> {
  return {
    ID: service.ID,
    Service: service.Service,
    Tags: service.Tags,
    Meta: service.Meta,
    Port: service.Port,
    Address: service.Address,
    TaggedAddresses: service.TaggedAddresses,
    Weights: service.Weights,
    EnableTagOverride: service.EnableTagOverride,
    Datacenter: node.Datacenter,
  };
}
