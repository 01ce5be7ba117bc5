using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Baqylau.Accounts;
using Baqylau.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Web.Accounts;

/// <summary>
/// The authenticator (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) as Identity's own provider checks it, with
/// the same tolerance of two steps either way for clock drift, plus what Identity leaves out: a code is accepted
/// once. The matching step is claimed by a conditional UPDATE of <see cref="BaqylauUser.LastTotpStep"/> (only if it
/// is later than the last accepted one), so a replayed code, an older code after a newer one, or the same code in
/// two concurrent requests is refused. It serves every place a code is typed: the sign-in page, enrolment and
/// <c>POST /api/v1/auth/token</c>, since all of them go through <see cref="UserManager{TUser}.VerifyTwoFactorTokenAsync"/>.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(BaqylauDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<BaqylauUser>
{
    public const int StepSeconds = 30;
    public const int Drift = 2;

    public Task<string> GenerateAsync(string purpose, UserManager<BaqylauUser> manager, BaqylauUser user) => Task.FromResult(string.Empty);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<BaqylauUser> manager, BaqylauUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<BaqylauUser> manager, BaqylauUser user)
    {
        if (token is not { Length: 6 } || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return false;
        var key = Base32Decode(await manager.GetAuthenticatorKeyAsync(user));
        if (key is null)
            return false;
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if (Code(key, step) == code)
                return await ClaimAsync(user.Id, step);
        }

        return false;
    }

    /// <summary>The six-digit code of a time step (RFC 4226 dynamic truncation).</summary>
    public static int Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; its weakness for signatures does not apply to an HMAC
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF;
        return binary % 1_000_000;
    }

    /// <summary>RFC 4648 base32 as authenticator apps show it (case, spaces and padding ignored); null when it is not.</summary>
    public static byte[]? Base32Decode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=' or '-')
                continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
                return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return bytes.Count == 0 ? null : [.. bytes];
    }

    // One UPDATE decides: of two requests with the same code, only one finds the step still unused.
    private async Task<bool> ClaimAsync(Guid userId, long step) =>
        await db.Users
            .Where(u => u.Id == userId && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step)) == 1;
}
