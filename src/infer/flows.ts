import { findTechnologyById, matchDataClassesInLabel } from '../catalog/index.js';
import type { Component, Flow } from '../model/types.js';
import { noteOf } from './components.js';
import { isStronger, offerFact, wordsOf } from './facts.js';
import { PROTOCOL_WORDS, readTransport } from './protocols.js';

/** What one flow label says, with the reason each fact will carry. */
export interface LabelReading {
  protocol?: { value: string; reason: string };
  encrypted?: { value: boolean; reason: string };
  authentication?: { value: string; reason: string };
  data?: { value: readonly string[]; reason: string };
}

/**
 * Readings of the labels seen so far. A diagram repeats a handful of edge labels ('HTTPS',
 * 'gRPC') over thousands of flows, so each distinct label is read once per `inferModel` call.
 */
export type LabelReadings = Map<string, LabelReading>;

/**
 * Fills a flow's protocol, encryption, authentication and data from its label, then from the
 * target's technology (a flow into Redis speaks Redis's protocol, in plain text by default).
 */
export function inferFlow(
  flow: Flow,
  target: Component | undefined,
  readings: LabelReadings,
): void {
  if (flow.label) inferFromLabel(flow, labelReading(flow.label, readings));
  inferFromProtocol(flow);
  if (target) inferFromTarget(flow, target);
}

/** A declared protocol implies encryption: 'https' is encrypted, 'http' is not. */
function inferFromProtocol(flow: Flow): void {
  const protocol = flow.protocol;
  const encrypted = protocol && PROTOCOL_WORDS[protocol.value.toLowerCase()]?.encrypted;
  // Checked before the fact is built: on big diagrams the label has mostly said it already.
  if (protocol && encrypted !== undefined && isStronger(protocol.source, flow.encrypted)) {
    flow.encrypted = {
      value: encrypted,
      source: protocol.source,
      reason: `protocol '${protocol.value}' is ${encrypted ? 'encrypted' : 'plain text'}`,
    };
  }
  if (flow.authentication?.value === 'mtls') {
    offerFact(flow, 'encrypted', {
      value: true,
      source: flow.authentication.source,
      reason: 'mutual TLS encrypts the connection',
    });
  }
}

function labelReading(label: string, readings: LabelReadings): LabelReading {
  let reading = readings.get(label);
  if (!reading) {
    reading = readLabel(label);
    readings.set(label, reading);
  }
  return reading;
}

function readLabel(label: string): LabelReading {
  const transport = readTransport(wordsOf(label));
  const says = (word: string) => `label '${label}' says '${word}'`;
  const { protocol, encrypted, authentication } = transport;
  const reading: LabelReading = {};
  if (protocol) reading.protocol = { value: protocol.value, reason: says(protocol.word) };
  if (encrypted) reading.encrypted = { value: encrypted.value, reason: says(encrypted.word) };
  if (authentication) {
    reading.authentication = { value: authentication.value, reason: says(authentication.word) };
  }
  const data = matchDataClassesInLabel(label);
  if (data.length > 0) {
    reading.data = {
      value: [...new Set(data.map((m) => m.dataClass))].sort(),
      reason: says([...new Set(data.map((m) => m.matched))].join("', '")),
    };
  }
  return reading;
}

/** Fresh fact objects per flow: flows never share a fact, so changing one changes no other. */
function inferFromLabel(flow: Flow, reading: LabelReading): void {
  const { protocol, encrypted, authentication, data } = reading;
  if (protocol) {
    const { value, reason } = protocol;
    offerFact(flow, 'protocol', { value, source: 'label', reason });
  }
  if (encrypted) {
    const { value, reason } = encrypted;
    offerFact(flow, 'encrypted', { value, source: 'label', reason });
  }
  if (authentication) {
    const { value, reason } = authentication;
    offerFact(flow, 'authentication', { value, source: 'label', reason });
  }
  if (data && (flow.data.value.length === 0 || flow.data.source === 'assumed')) {
    flow.data = { value: [...data.value], source: 'label', reason: data.reason };
  }
}

function inferFromTarget(flow: Flow, target: Component): void {
  const technology = target.technology && findTechnologyById(target.technology.value);
  if (!technology) return;
  if (technology.protocol) {
    offerFact(flow, 'protocol', {
      value: technology.protocol,
      source: 'technology',
      reason: `${technology.name} speaks ${technology.protocol}`,
    });
  }
  // Only a known-plain default is worth stating: when the protocol is still unknown, the label
  // may have meant TLS, and the flow stays undeclared.
  if (technology.defaults.tls !== undefined && flow.protocol?.source !== 'label') {
    offerFact(flow, 'encrypted', {
      value: technology.defaults.tls,
      source: 'technology',
      reason: noteOf(technology, 'tls'),
    });
  }
}
