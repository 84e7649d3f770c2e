# Diagnostic: the ground-truth optical-flow magnitude between frame 0 and frames -1 and
# +1 of SynthCity val samples, in pixels, from the exported disparity, camera and pose
# files (README "The short-schedule search": why a larger tree starts later).
#
#   python3 scripts/flow_magnitude.py ROOT [SAMPLES]     (SAMPLES default 150)
#
# Needs only NumPy (the PNG decoder below handles the 16-bit grey disparity files).
import json, os, struct, sys, zlib
import numpy as np

def read_png(path):
    data = open(path, 'rb').read()
    pos, chunks = 8, []
    w = h = depth = ctype = None
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos+4]); t = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
        if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif t == b'IDAT': chunks.append(body)
        pos += 12 + n
    raw = zlib.decompress(b''.join(chunks))
    ch = {0: 1, 2: 3, 6: 4, 4: 2}[ctype]; bpp = ch * depth // 8; stride = w * bpp
    out = np.zeros((h, stride), np.uint8); prev = np.zeros(stride, np.int32)
    i = 0
    for y in range(h):
        f = raw[i]; line = np.frombuffer(raw[i+1:i+1+stride], np.uint8).astype(np.int32); i += 1 + stride
        cur = np.zeros(stride, np.int32)
        if f == 0: cur = line
        elif f == 2: cur = (line + prev) & 255
        else:
            for x in range(stride):
                a = cur[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: p = a
                elif f == 3: p = (a + b) // 2
                else:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2*c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (line[x] + p) & 255
        out[y] = cur; prev = cur
    if depth == 16: return out.view('>u2').reshape(h, w * ch).astype(np.float64)
    return out.reshape(h, w * ch).astype(np.float64)

root = sys.argv[1]
limit = 2 * (int(sys.argv[2]) if len(sys.argv) > 2 else 150)   # two frame pairs per sample
mags = []
for city in sorted(os.listdir(f'{root}/synthcity/val')):
    for name in sorted(os.listdir(f'{root}/synthcity/val/{city}')):
        if len(mags) >= limit: break
        stem = name.replace('_pose.json', '')
        poses = json.load(open(f'{root}/synthcity/val/{city}/{name}'))['frames']
        cam = json.load(open(f'{root}/camera/val/{city}/{stem}_camera.json'))
        K = cam['intrinsic']; fx, fy, u0, v0, B = K['fx'], K['fy'], K['u0'], K['v0'], cam['extrinsic']['baseline']
        disp = read_png(f'{root}/disparity/val/{city}/{stem}_disparity.png')
        valid = disp > 0
        d = np.where(valid, (disp - 1) / 256.0, 1.0)
        z = B * fx / d
        h, w = z.shape
        v, u = np.mgrid[0:h, 0:w] + 0.5
        P = np.stack([(u - u0) / fx * z, (v - v0) / fy * z, z, np.ones_like(z)], -1)
        M0 = np.array(poses['0'])
        for k in ('-1', '1'):
            T = np.linalg.inv(np.array(poses[k])) @ M0       # frame-0 camera -> frame-k camera
            Q = P @ T.T
            uk = Q[..., 0] / Q[..., 2] * fx + u0; vk = Q[..., 1] / Q[..., 2] * fy + v0
            m = np.hypot(uk - u, vk - v)[valid & (Q[..., 2] > 0.1)]
            mags.append(m)
m = np.concatenate(mags)
print(f'{root}: {w}x{h}, {len(mags)//2} samples, flow px: median {np.median(m):.2f}, '
      f'p75 {np.percentile(m,75):.2f}, p90 {np.percentile(m,90):.2f}, share > 2 px {np.mean(m>2):.2f}, > 4 px {np.mean(m>4):.2f}')
