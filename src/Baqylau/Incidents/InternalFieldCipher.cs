using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Baqylau.Incidents;

public sealed class InternalFieldOptions
{
    /// <summary>The 256-bit key file; defaults to &lt;DataDirectory&gt;/keys/internal-fields.key. Keep it out of database backups.</summary>
    public string KeyPath { get; set; } = string.Empty;
}

/// <summary>
/// Encrypts the internal part of incidents (observer and witness identities, notes) at the application level
/// with AES-256-GCM, so a database dump or a read-only SQL account reveals nothing. The key lives in a file
/// outside the database, created with mode 0600 on first use. Stored form: "v1:" + base64(nonce ‖ ciphertext ‖ tag).
/// The incident id and field name are bound in as associated data, so a value cannot be moved to another row or field.
/// </summary>
public sealed class InternalFieldCipher(IOptions<InternalFieldOptions> options)
{
    public const string Prefix = "v1:";
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Lazy<byte[]> _key = new(() => LoadOrCreateKey(options.Value.KeyPath), LazyThreadSafetyMode.ExecutionAndPublication);

    public string KeyPath => options.Value.KeyPath;

    public string? Encrypt(string? plaintext, Guid incidentId, string field)
    {
        if (string.IsNullOrEmpty(plaintext))
            return null;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Aad(incidentId, field));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Convert.ToBase64String(output);
    }

    /// <exception cref="CryptographicException">Wrong key, or the stored value was altered.</exception>
    public string? Decrypt(string? stored, Guid incidentId, string field)
    {
        if (string.IsNullOrEmpty(stored))
            return null;
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            throw new CryptographicException("Unknown internal field format.");
        var data = Convert.FromBase64String(stored[Prefix.Length..]);
        if (data.Length < NonceSize + TagSize)
            throw new CryptographicException("Truncated internal field.");
        var length = data.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plain, Aad(incidentId, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Aad(Guid incidentId, string field) => Encoding.UTF8.GetBytes($"{incidentId:N}/{field}");

    /// <summary>Reads a base64 256-bit key file, or creates one (mode 0600) when missing; shared with other key files.</summary>
    public static byte[] LoadOrCreateKey(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidOperationException("InternalFieldOptions.KeyPath is not configured.");
        if (File.Exists(path))
            return ReadKey(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dir);
        else
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, create);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            stream.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, or data encrypted by one could not be read by the other.
            return ReadKey(path);
        }
    }

    private static byte[] ReadKey(string path)
    {
        // Another instance starting at the same moment may have created the file and not yet written it: a short or
        // empty file is waited for (about a second) before it counts as a broken key.
        var expectedLength = Convert.ToBase64String(new byte[KeySize]).Length;
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length >= expectedLength || attempt == 50)
            {
                var key = Convert.FromBase64String(text);
                return key.Length == KeySize ? key : throw new CryptographicException($"The key in {path} is not {KeySize * 8} bits.");
            }

            Thread.Sleep(20);
        }
    }
}
