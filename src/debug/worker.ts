/**
 * The debug session's own worker thread: the simulation and every step run here, so a
 * big run never blocks the extension host. DAP messages cross `parentPort` unchanged.
 */
import { parentPort } from 'node:worker_threads';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readSource } from '../service/files';
import { createDebugHost } from './host';
import { InterleaveDebugSession } from './session';

const port = parentPort;
if (!port) throw new Error('dist/debugWorker.js runs as a worker thread of the extension');
const session = new InterleaveDebugSession(createDebugHost(readSource));
session.onDidSendMessage((message) => port.postMessage(message));
port.on('message', (message: DebugProtocol.ProtocolMessage) => session.handleMessage(message));
