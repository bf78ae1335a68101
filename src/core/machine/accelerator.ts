/**
 * Data parallelism in hardware: a core's SIMD lanes, and an accelerator (a GPU) with many
 * slow lanes behind a copy over PCIe.
 *
 * Simplified, on purpose (docs/models.md, "Hardware"):
 * - SIMD: a loop marked data-parallel runs `1 + (width − 1) × efficiency` times faster than
 *   its scalar time. The efficiency stands for what keeps real loops from the ideal
 *   `width`×: the scalar tail, shuffles, and loads the vector units wait for. Width 8 is
 *   AVX2's eight 32-bit floats in a 256-bit register; 60% is a typical auto-vectorised
 *   loop (Intel Optimization Reference Manual: AVX gains of 1.5-5× on real kernels).
 * - GPU: an offload is one synchronous round trip, as `cudaMemcpy` host→device, a kernel
 *   launch, `cudaDeviceSynchronize` and `cudaMemcpy` back: a fixed latency, the bytes over
 *   the link's bandwidth, and the work spread over every lane, each lane a fraction of a
 *   CPU core's scalar speed. The device runs one offload at a time (CUDA's default
 *   stream); copies do not overlap the kernel (no streams, no pinned-memory tricks), and
 *   the kernel is perfectly parallel (no occupancy, divergence or coalescing effects).
 *   Defaults: 2048 lanes (a mid-range GPU's CUDA cores) at 10% of a core's scalar speed,
 *   12 000 MB/s (PCIe 3.0 ×16 measured with pinned memory, of 15.75 GB/s theoretical) and
 *   20 µs of launch and copy set-up per offload.
 */
import type { SimConfig } from '../program';

type Vector = Pick<SimConfig['machine'], 'vectorWidth' | 'vectorEfficiency'>;
type Gpu = Pick<SimConfig['machine'], 'gpuLanes' | 'gpuLaneSpeed' | 'gpuBandwidth' | 'gpuLatencyNs'>;

/** How many times faster a data-parallel loop runs than its scalar time. */
export function simdFactor(m: Vector): number {
  return 1 + (m.vectorWidth - 1) * (m.vectorEfficiency / 100);
}

/** The time of a data-parallel compute of scalar time `ns` on one core (integer ns, at least 1). */
export function simdNs(m: Vector, ns: number): number {
  return ns > 0 ? Math.max(1, Math.round(ns / simdFactor(m))) : 0;
}

/** The parts of one offload, in ns: the copies (both ways, `bytes` in all), the kernel and the fixed latency. */
export function offloadParts(m: Gpu, workNs: number, bytes: number): { copyNs: number; kernelNs: number; latencyNs: number } {
  const copyNs = Math.round((bytes * 1000) / m.gpuBandwidth);
  const kernelNs = Math.round(workNs / (m.gpuLanes * (m.gpuLaneSpeed / 100)));
  return { copyNs, kernelNs, latencyNs: m.gpuLatencyNs };
}

/** The whole offload, in ns. */
export function offloadNs(m: Gpu, workNs: number, bytes: number): number {
  const p = offloadParts(m, workNs, bytes);
  return p.copyNs + p.kernelNs + p.latencyNs;
}
