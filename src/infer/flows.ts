import { findTechnologyById, matchDataClassesInLabel } from '../catalog/index.js';
import type { Component, Flow } from '../model/types.js';
import { noteOf } from './components.js';
import { offerFact, wordsOf } from './facts.js';
import { PROTOCOL_WORDS, readTransport } from './protocols.js';

/**
 * Fills a flow's protocol, encryption, authentication and data from its label, then from the
 * target's technology (a flow into Redis speaks Redis's protocol, in plain text by default).
 */
export function inferFlow(flow: Flow, target: Component | undefined): void {
  if (flow.label) inferFromLabel(flow, flow.label);
  inferFromProtocol(flow);
  if (target) inferFromTarget(flow, target);
}

/** A declared protocol implies encryption: 'https' is encrypted, 'http' is not. */
function inferFromProtocol(flow: Flow): void {
  const protocol = flow.protocol;
  const meaning = protocol && PROTOCOL_WORDS[protocol.value.toLowerCase()];
  if (meaning && meaning.encrypted !== undefined) {
    offerFact(flow, 'encrypted', {
      value: meaning.encrypted,
      source: protocol.source,
      reason: `protocol '${protocol.value}' is ${meaning.encrypted ? 'encrypted' : 'plain text'}`,
    });
  }
  if (flow.authentication?.value === 'mtls') {
    offerFact(flow, 'encrypted', {
      value: true,
      source: flow.authentication.source,
      reason: 'mutual TLS encrypts the connection',
    });
  }
}

function inferFromLabel(flow: Flow, label: string): void {
  const transport = readTransport(wordsOf(label));
  const says = (word: string) => `label '${label}' says '${word}'`;
  if (transport.protocol) {
    const { value, word } = transport.protocol;
    offerFact(flow, 'protocol', { value, source: 'label', reason: says(word) });
  }
  if (transport.encrypted) {
    const { value, word } = transport.encrypted;
    offerFact(flow, 'encrypted', { value, source: 'label', reason: says(word) });
  }
  if (transport.authentication) {
    const { value, word } = transport.authentication;
    offerFact(flow, 'authentication', { value, source: 'label', reason: says(word) });
  }

  const data = matchDataClassesInLabel(label);
  if (data.length > 0 && (flow.data.value.length === 0 || flow.data.source === 'assumed')) {
    flow.data = {
      value: [...new Set(data.map((m) => m.dataClass))].sort(),
      source: 'label',
      reason: says([...new Set(data.map((m) => m.matched))].join("', '")),
    };
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
