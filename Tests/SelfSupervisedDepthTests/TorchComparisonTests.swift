import XCTest
import TensorEngine
import EngineTestSupport
import SelfSupervisedDepth

/// The loss against an independent PyTorch (float64) computation of the same case:
/// torch's grid_sample (border, align_corners=True), avg_pool2d, reflection padding and
/// bilinear interpolate (align_corners=False), with a textbook Rodrigues rotation. The
/// expected numbers were printed by the script below (PyTorch 2, CPU); automasking runs
/// with zero noise so that both sides take the same minimum.
///
///     import math, torch, torch.nn.functional as F
///     torch.set_default_dtype(torch.float64)
///     H, W, S = 16, 24, 4
///     def tex(u, v, c): return 0.5 + 0.25*math.sin(0.9*u + 0.4*v + c) + 0.2*math.cos(0.5*v - 0.7*u + 2*c)
///     def image(shift): return torch.tensor([[[[tex(u + shift, v, c) for u in range(W)] for v in range(H)] for c in range(3)]])
///     def disp(s): return torch.tensor([[[[0.03 + 0.02*math.sin(0.3*u + 0.5*v + s) for u in range(W >> s)] for v in range(H >> s)]]])
///     fx = fy = 8.0; cx, cy = (W - 1)/2, (H - 1)/2
///     K = torch.tensor([[[fx, 0, cx, 0], [0, fy, cy, 0], [0, 0, 1, 0], [0, 0, 0, 1.]]]); invK = torch.linalg.inv(K)
///     def rodrigues(a):
///         th = a.norm(); k = a/(th + 1e-7); kx = torch.tensor([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
///         R = torch.eye(4); R[:3, :3] = torch.eye(3) + math.sin(th)*kx + (1 - math.cos(th))*kx@kx; return R
///     def transform(a, t, inv):
///         R = rodrigues(torch.tensor(a)); T = torch.eye(4); T[:3, 3] = torch.tensor(t)*(-1 if inv else 1)
///         return (R.T@T if inv else T@R)[None]
///     def ssim(x, y):
///         x, y = F.pad(x, (1,)*4, mode='reflect'), F.pad(y, (1,)*4, mode='reflect'); m = lambda z: F.avg_pool2d(z, 3, 1)
///         mx, my = m(x), m(y); sx, sy, sxy = m(x*x) - mx*mx, m(y*y) - my*my, m(x*y) - mx*my
///         n = (2*mx*my + 1e-4)*(2*sxy + 9e-4); d = (mx*mx + my*my + 1e-4)*(sx + sy + 9e-4)
///         return ((1 - n/d)/2).clamp(0, 1)
///     def photo(p, t): return 0.85*ssim(p, t).mean(1, True) + 0.15*(t - p).abs().mean(1, True)
///     def smooth(d, im):
///         gx = (d[..., :-1] - d[..., 1:]).abs()*torch.exp(-(im[..., :-1] - im[..., 1:]).abs().mean(1, True))
///         gy = (d[..., :-1, :] - d[..., 1:, :]).abs()*torch.exp(-(im[..., :-1, :] - im[..., 1:, :]).abs().mean(1, True))
///         return gx.mean() + gy.mean()
///     target = image(0); src = {-1: image(0.7), 1: image(-0.4)}
///     poses = {o: transform([0.02, -0.03, 0.01], [0.23, -0.05, 0.11], o < 0) for o in (-1, 1)}
///     pyr = [target]
///     for s in range(1, S): pyr.append(F.avg_pool2d(pyr[-1], 2))
///     v, u = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(W, dtype=torch.float64), indexing='ij')
///     pix = torch.stack([u.flatten(), v.flatten(), torch.ones(H*W)])[None]
///     for automask in (False, True):
///         total = 0; parts = []
///         for s in range(S):
///             d = disp(s); full = F.interpolate(d, [H, W], mode='bilinear', align_corners=False)
///             depth = 1/(0.01 + (10 - 0.01)*full)
///             pts = torch.cat([depth.view(1, 1, -1)*(invK[:, :3, :3]@pix), torch.ones(1, 1, H*W)], 1)
///             errs = []
///             for o in (-1, 1):
///                 cam = ((K@poses[o])[:, :3]@pts); xy = cam[:, :2]/(cam[:, 2:3] + 1e-7)
///                 g = torch.stack([xy[:, 0]/(W - 1), xy[:, 1]/(H - 1)], -1).view(1, H, W, 2)
///                 errs.append(photo(F.grid_sample(src[o], (g - 0.5)*2, padding_mode='border', align_corners=True), target))
///             if automask: errs = [photo(src[o], target) for o in (-1, 1)] + errs
///             rep = torch.cat(errs, 1).min(1)[0].mean()
///             sm = smooth(d/(d.mean((2, 3), True) + 1e-7), pyr[s])
///             parts.append((rep.item(), sm.item())); total = total + rep + 1e-3/2**s*sm
///         print(automask, repr((total/S).item()), [(f"{a:.9g}", f"{b:.9g}") for a, b in parts])
final class TorchComparisonTests: XCTestCase {
    func testLossMatchesPyTorchComputation() throws {
        let (h, w) = (16, 24)
        let target = Fixtures.image(height: h, width: w)
        let sources = [-1: Fixtures.image(height: h, width: w, shiftU: 0.7),
                       1: Fixtures.image(height: h, width: w, shiftU: -0.4)]
        let disparities = (0..<4).map { s -> Tensor in
            var values: [Float] = []
            for v in 0..<(h >> s) { for u in 0..<(w >> s) {
                values.append(0.03 + 0.02 * sinf(0.3 * Float(u) + 0.5 * Float(v) + Float(s)))
            } }
            return Tensor(values, shape: [1, 1, h >> s, w >> s])
        }
        let axisAngle = Tensor([0.02, -0.03, 0.01], shape: [1, 3])
        let translation = Tensor([0.23, -0.05, 0.11], shape: [1, 3])
        let poses = [-1: CameraTransform.forFrame(-1, axisAngle: axisAngle, translation: translation),
                     1: CameraTransform.forFrame(1, axisAngle: axisAngle, translation: translation)]
        let camera = Fixtures.camera(height: h, width: w)
        let input = MonodepthLossInputs(target: target, sources: sources, disparities: disparities, poses: poses,
                                        intrinsics: camera.matrix(batch: 1),
                                        inverseIntrinsics: camera.inverseMatrix(batch: 1))
        let expectedSmoothness: [Float] = [0.298655878, 0.335019644, 0.380767275, 0.607653255]
        let cases: [(automasking: Bool, total: Float, reprojection: [Float])] = [
            (false, 0.06926263191401683, [0.0691948155, 0.07141158, 0.0686629788, 0.0671438392]),
            (true, 0.038783311749518955, [0.0405074916, 0.0410934773, 0.0358394948, 0.0370554692]),
        ]
        for expected in cases {
            let loss = try MonodepthLoss(MonodepthLossSettings(automasking: expected.automasking, automaskNoise: 0))
            var rng = RandomGenerator(seed: 1)
            let result = try loss(input, rng: &rng)
            XCTAssertEqual(result.total.item, expected.total, accuracy: 2e-6)
            assertClose(result.scales.map(\.reprojection), expected.reprojection, accuracy: 2e-5)
            assertClose(result.scales.map(\.smoothness), expectedSmoothness, accuracy: 2e-5)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
