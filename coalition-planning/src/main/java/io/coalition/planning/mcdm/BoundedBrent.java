package io.coalition.planning.mcdm;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's bounded scalar minimisation (golden section with parabolic interpolation, Forsythe, Malcolm and Moler's
 * {@code fmin}), step for step as SciPy's {@code minimize_scalar(method='bounded')} ({@code xatol = 1e-5},
 * {@code maxiter = 500}). Reproducing its exact sequence of evaluations is what makes {@link Ahp#complete} return
 * AHPy's numbers rather than merely nearby optima. The end points are never evaluated.
 */
final class BoundedBrent {
    private static final double XATOL = 1e-5;
    private static final int MAX_EVALUATIONS = 500;

    private BoundedBrent() {
    }

    static double minimize(DoubleUnaryOperator f, double lower, double upper) {
        double sqrtEps = Math.sqrt(2.2e-16);
        double goldenMean = 0.5 * (3.0 - Math.sqrt(5.0));
        double a = lower, b = upper;
        double fulc = a + goldenMean * (b - a);
        double nfc = fulc, xf = fulc;
        double rat = 0, e = 0;
        double x;
        double fx = f.applyAsDouble(xf);
        int num = 1;
        double ffulc = fx, fnfc = fx;
        double xm = 0.5 * (a + b);
        double tol1 = sqrtEps * Math.abs(xf) + XATOL / 3.0;
        double tol2 = 2.0 * tol1;
        while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
            boolean golden = true;
            if (Math.abs(e) > tol1) {
                golden = false;
                double r = (xf - nfc) * (fx - ffulc);
                double q = (xf - fulc) * (fx - fnfc);
                double p = (xf - fulc) * q - (xf - nfc) * r;
                q = 2.0 * (q - r);
                if (q > 0.0) p = -p;
                q = Math.abs(q);
                r = e;
                e = rat;
                if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
                    rat = (p + 0.0) / q;
                    x = xf + rat;
                    if ((x - a) < tol2 || (b - x) < tol2) {
                        rat = tol1 * (Math.signum(xm - xf) + (xm - xf == 0 ? 1 : 0));
                    }
                } else {
                    golden = true;
                }
            }
            if (golden) {
                e = xf >= xm ? a - xf : b - xf;
                rat = goldenMean * e;
            }
            double si = Math.signum(rat) + (rat == 0 ? 1 : 0);
            x = xf + si * Math.max(Math.abs(rat), tol1);
            double fu = f.applyAsDouble(x);
            num++;
            if (fu <= fx) {
                if (x >= xf) a = xf;
                else b = xf;
                fulc = nfc;
                ffulc = fnfc;
                nfc = xf;
                fnfc = fx;
                xf = x;
                fx = fu;
            } else {
                if (x < xf) a = x;
                else b = x;
                if (fu <= fnfc || nfc == xf) {
                    fulc = nfc;
                    ffulc = fnfc;
                    nfc = x;
                    fnfc = fu;
                } else if (fu <= ffulc || fulc == xf || fulc == nfc) {
                    fulc = x;
                    ffulc = fu;
                }
            }
            xm = 0.5 * (a + b);
            tol1 = sqrtEps * Math.abs(xf) + XATOL / 3.0;
            tol2 = 2.0 * tol1;
            if (num >= MAX_EVALUATIONS) break;
        }
        return xf;
    }
}
