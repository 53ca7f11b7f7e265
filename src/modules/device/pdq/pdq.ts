/**
 * PDQ, Meta's open perceptual image hash (Meta, "The TMK+PDQF Video-Hashing Algorithm and the PDQ
 * Image Hashing Algorithm", 2019, `hashing/hashing.pdf` in facebook/ThreatExchange): luminance,
 * a tent-filter downsample to 64x64, the 16x16 low-frequency block of a 2-D DCT, and one bit per
 * coefficient for "above the median". Hashes are 256 bits written as 64 hex digits in the same
 * order as the reference implementations, so they compare with hashes other tools produce.
 */

/** A PDQ hash (64 lower-case hex digits) and its quality, 0 (featureless) to 100. */
export interface PdqResult {
  hash: string;
  quality: number;
}

/** Rec. 601 luma weights, as the reference uses (Y of YUV). */
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Images narrower or shorter than this hash to all zeros with quality 0, as in the reference. */
export const MIN_HASHABLE_DIMENSION = 5;

/** The all-zero hash given to images too small to hash. */
export const ZERO_HASH = '0'.repeat(64);

/**
 * Two X-then-Y passes of box filters approximate a tent (Jarosz, "Fast Image Convolutions",
 * SIGGRAPH 2001 course notes).
 */
const JAROSZ_PASSES = 2;

/**
 * The 16x64 DCT-II basis for output frequencies 1..16 (frequency 0, the mean, is dropped):
 * D[i][j] = sqrt(2/64) cos(pi/128 (i+1)(2j+1)) (Zauner, "Implementation and Benchmarking of
 * Perceptual Image Hash Functions", 2010, section 3.3; hashing.pdf, PDQ section).
 */
const DCT_16x64: Float64Array = (() => {
  const d = new Float64Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 64; j++) d[i * 64 + j] = scale * Math.cos((Math.PI / 128) * (i + 1) * (2 * j + 1));
  return d;
})();

/**
 * Luminance of interleaved 8-bit pixels with 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA)
 * channels; alpha is ignored, as the reference converts to RGB by dropping it.
 */
export function lumaFromPixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): Float32Array {
  const n = width * height;
  if (!Number.isInteger(channels) || channels < 1 || channels > 4)
    throw new RangeError(`PDQ: ${channels} channels per pixel; expected 1 to 4`);
  if (pixels.length < n * channels)
    throw new RangeError(`PDQ: ${pixels.length} bytes for ${width}x${height}x${channels} pixels`);
  const luma = new Float32Array(n);
  if (channels <= 2) {
    for (let i = 0, p = 0; i < n; i++, p += channels) luma[i] = pixels[p]!;
  } else {
    for (let i = 0, p = 0; i < n; i++, p += channels)
      luma[i] = LUMA_R * pixels[p]! + LUMA_G * pixels[p + 1]! + LUMA_B * pixels[p + 2]!;
  }
  return luma;
}

/** Hashes interleaved 8-bit pixels (see `lumaFromPixels` for the channel layouts). */
export function pdqFromPixels(pixels: Uint8Array, width: number, height: number, channels = 3): PdqResult {
  checkDimensions(width, height);
  return pdqFromLuma(lumaFromPixels(pixels, width, height, channels), width, height);
}

/** Hashes a row-major luminance image (values 0..255). The buffer is used as scratch space. */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqResult {
  checkDimensions(width, height);
  if (luma.length < width * height) throw new RangeError(`PDQ: ${luma.length} values for ${width}x${height}`);
  if (width < MIN_HASHABLE_DIMENSION || height < MIN_HASHABLE_DIMENSION)
    return { hash: ZERO_HASH, quality: 0 };
  const small = downsampleTo64(luma, width, height);
  const quality = qualityOf(small);
  return { hash: bitsToHex(aboveMedian(dct64To16(small))), quality };
}

function checkDimensions(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`PDQ: bad image size ${width}x${height}`);
}

/**
 * Blurs with the Jarosz tent filter (window: ceil(dimension / 128) per pass, so two passes span
 * one 64th of the image) and keeps the pixel at the centre of each of the 64x64 cells.
 */
export function downsampleTo64(luma: Float32Array, width: number, height: number): Float32Array {
  const a = width === 64 && height === 64 ? luma : tentBlur(luma, width, height);
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.floor(((i + 0.5) * height) / 64) * width;
    for (let j = 0; j < 64; j++) out[i * 64 + j] = a[row + Math.floor(((j + 0.5) * width) / 64)]!;
  }
  return out;
}

/** The per-pass box window for shrinking `size` to `target` (hashing.pdf; Jarosz 2001). */
export function jaroszWindow(size: number, target = 64): number {
  return Math.floor((size + 2 * target - 1) / (2 * target));
}

function tentBlur(luma: Float32Array, width: number, height: number): Float32Array {
  const scratch = new Float32Array(width * height);
  const alongRows = jaroszWindow(width);
  const alongCols = jaroszWindow(height);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let r = 0; r < height; r++) box1d(luma, scratch, r * width, 1, width, alongRows);
    for (let c = 0; c < width; c++) box1d(scratch, luma, c, width, height, alongCols);
  }
  return luma;
}

/**
 * A centred moving average of `window` samples along one line (start, stride, length), with the
 * window shrunk at both ends rather than padded, as in the reference.
 */
function box1d(
  input: Float32Array,
  output: Float32Array,
  start: number,
  stride: number,
  length: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const lead = half - 1;
  let sum = 0;
  let count = 0;
  let right = start;
  let left = start;
  let out = start;
  for (let i = 0; i < lead; i++, right += stride, count++) sum += input[right]!;
  for (let i = 0; i < window - half + 1; i++, right += stride, out += stride) {
    sum += input[right]!;
    count++;
    output[out] = sum / count;
  }
  for (let i = 0; i < length - window; i++, left += stride, right += stride, out += stride) {
    sum += input[right]! - input[left]!;
    output[out] = sum / count;
  }
  for (let i = 0; i < lead; i++, left += stride, out += stride) {
    sum -= input[left]!;
    count--;
    output[out] = sum / count;
  }
}

/**
 * The quality metric (hashing.pdf, PDQ section): the sum of absolute differences between
 * neighbouring pixels of the 64x64 image, each as a truncated percentage of 255, divided by 90
 * and capped at 100. Flat or featureless images score low; Meta suggests discarding 49 and below.
 */
export function qualityOf(small: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++)
    for (let j = 0; j < 64; j++)
      sum += Math.abs(Math.trunc(((small[i * 64 + j]! - small[(i + 1) * 64 + j]!) * 100) / 255));
  for (let i = 0; i < 64; i++)
    for (let j = 0; j < 63; j++)
      sum += Math.abs(Math.trunc(((small[i * 64 + j]! - small[i * 64 + j + 1]!) * 100) / 255));
  return Math.min(100, Math.floor(sum / 90));
}

/** B = D A Dᵀ: the 16x16 DCT coefficients (frequencies 1..16 in each direction) of a 64x64 image. */
export function dct64To16(a: Float32Array): Float64Array {
  const t = new Float64Array(16 * 64);
  for (let i = 0; i < 16; i++)
    for (let k = 0; k < 64; k++) {
      const d = DCT_16x64[i * 64 + k]!;
      const row = k * 64;
      for (let j = 0; j < 64; j++) t[i * 64 + j]! += d * a[row + j]!;
    }
  const b = new Float64Array(16 * 16);
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s += t[i * 64 + k]! * DCT_16x64[j * 64 + k]!;
      b[i * 16 + j] = s;
    }
  return b;
}

/**
 * One bit per coefficient: set when it is strictly greater than the median, the lower of the two
 * middle values (what Torben's selection, used by the reference, returns for an even count).
 */
export function aboveMedian(coefficients: Float64Array): Uint8Array {
  const sorted = Float64Array.from(coefficients).sort();
  const median = sorted[(sorted.length - 1) >> 1]!;
  return Uint8Array.from(coefficients, (c) => (c > median ? 1 : 0));
}

/**
 * Writes 256 bits as the reference does: bit k = 16i + j is bit j of 16-bit word i, and the
 * words are printed from 15 down to 0, four hex digits each.
 */
export function bitsToHex(bits: Uint8Array): string {
  let hex = '';
  for (let word = 15; word >= 0; word--) {
    let w = 0;
    for (let j = 0; j < 16; j++) if (bits[word * 16 + j]) w |= 1 << j;
    hex += w.toString(16).padStart(4, '0');
  }
  return hex;
}

const HEX64 = /^[0-9a-f]{64}$/i;

/** Whether `s` is a PDQ hash in hex (64 hex digits, either case). */
export function isPdqHash(s: string): boolean {
  return HEX64.test(s);
}

/** Number of bits set in each 16-bit value. */
export const POPCOUNT16: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let i = 1; i < 65536; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** The Hamming distance (0..256) between two hex PDQ hashes; throws on a malformed hash. */
export function hamming(a: string, b: string): number {
  if (!isPdqHash(a)) throw new RangeError(`not a PDQ hash (64 hex digits): "${a.slice(0, 80)}"`);
  if (!isPdqHash(b)) throw new RangeError(`not a PDQ hash (64 hex digits): "${b.slice(0, 80)}"`);
  let d = 0;
  for (let i = 0; i < 64; i += 4)
    d += POPCOUNT16[Number.parseInt(a.slice(i, i + 4), 16) ^ Number.parseInt(b.slice(i, i + 4), 16)]!;
  return d;
}
