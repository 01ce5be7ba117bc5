using Baqylau.Web.Accounts;
using OtpNet;

namespace Baqylau.Testing;

/// <summary>
/// Authenticator (TOTP) codes the app has not taken yet. The app accepts each 30 s step once per account, never an
/// earlier one after a later, and tolerates <see cref="OneTimeAuthenticatorTokenProvider.Drift"/> steps of clock drift
/// (<see cref="OneTimeAuthenticatorTokenProvider"/>). So a second code within one step needs a later step:
/// <list type="bullet">
/// <item>for an app in this process (<see cref="TotpCodes(TestClock)"/>), its clock is moved forward to that step:
/// no waiting;</item>
/// <item>for an app in another process, on real time (<see cref="RealTime"/>), the drift it accepts gives two more
/// steps at once; only a fourth code within one step waits, until real time brings the next step in range.</item>
/// </list>
/// One instance per app (its database remembers the steps used), shared by every test using that app.
/// Codes come from Otp.NET, not from the app's own implementation, so a wrong algorithm in the app fails the tests.
/// </summary>
public sealed class TotpCodes
{
    private const int StepSeconds = OneTimeAuthenticatorTokenProvider.StepSeconds;

    private readonly TimeProvider _clock;
    private readonly TestClock? _movable;
    private readonly Dictionary<string, long> _lastStep = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Codes for an app in this process whose clock (its registered TimeProvider) is <paramref name="clock"/>.</summary>
    public TotpCodes(TestClock clock)
    {
        _clock = clock;
        _movable = clock;
    }

    private TotpCodes(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>Codes for an app that runs elsewhere on real time (its own process): nothing to move.</summary>
    public static TotpCodes RealTime() => new(TimeProvider.System);

    /// <summary>The time step the app is in now.</summary>
    public long CurrentStep => _clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;

    /// <summary>A code for <paramref name="account"/> the app has not accepted yet, and its step.</summary>
    public async Task<(long Step, string Code)> NextAsync(string secret, string account, CancellationToken ct = default)
    {
        var key = account + "|" + secret;
        while (true)
        {
            TimeSpan wait;
            lock (_lastStep)
            {
                var now = CurrentStep;
                var step = _lastStep.TryGetValue(key, out var last) ? Math.Max(now, last + 1) : now;
                if (step > now && _movable is not null)
                {
                    // In this process: the app's clock moves to the start of the fresh step.
                    _movable.AdvanceTo(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds));
                    now = step;
                }

                if (step <= now + OneTimeAuthenticatorTokenProvider.Drift)
                {
                    _lastStep[key] = step;
                    return (step, At(secret, step));
                }

                // Elsewhere, on real time, and the drift used up: wait for the step that brings this one within it.
                wait = DateTimeOffset.FromUnixTimeSeconds((step - OneTimeAuthenticatorTokenProvider.Drift) * StepSeconds) - _clock.GetUtcNow();
            }

            await Task.Delay((wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + TimeSpan.FromMilliseconds(50), _clock, ct);
        }
    }

    /// <summary>Just the code of <see cref="NextAsync"/>.</summary>
    public async Task<string> CodeAsync(string secret, string account, CancellationToken ct = default) =>
        (await NextAsync(secret, account, ct)).Code;

    /// <summary>The code of one given time step (for tests of replays and old codes).</summary>
    public static string At(string secret, long step) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);
}
