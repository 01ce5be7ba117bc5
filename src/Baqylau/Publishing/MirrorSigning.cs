using System.Security.Cryptography;
using System.Text;

namespace Baqylau.Publishing;

/// <summary>
/// The organisation's ECDSA P-256 key that signs static mirror manifests. The private key is a PEM file under
/// the data directory (created on first use, mode 0600); the public key is published on the live site so a
/// reader of any mirror can check it with openssl.
/// </summary>
public sealed class MirrorSigningKey : IDisposable
{
    private readonly ECDsa key;

    private MirrorSigningKey(ECDsa key) => this.key = key;

    public string PublicKeyPem => key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>Loads the key, or creates it when the file does not exist. Never overwrites an existing key.</summary>
    public static MirrorSigningKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                // CreateNew: two instances sharing the folder must not both write a key; the loser reads the winner's.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var stream = new FileStream(path, options);
                stream.Write(Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem() + "\n"));
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(path));
        return new MirrorSigningKey(ecdsa);
    }

    /// <summary>DER-encoded ECDSA-SHA256 signature, the format `openssl dgst -sha256 -verify` reads.</summary>
    public byte[] Sign(byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(publicKeyPem);
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose() => key.Dispose();
}

/// <summary>
/// A mirror's file list in `sha256sum` format ("hex  relative/path", sorted, LF), so `sha256sum -c` checks it.
/// </summary>
public static class MirrorManifest
{
    public const string FileName = "manifest.sha256";
    public const string SignatureFileName = "manifest.sha256.sig";

    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Format(IReadOnlyDictionary<string, string> hashes) =>
        string.Concat(hashes.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Value}  {h.Key}\n"));

    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var sep = line.IndexOf("  ", StringComparison.Ordinal);
            if (sep == 64)
                result[line[66..]] = line[..64];
        }

        return result;
    }

    /// <summary>
    /// Checks a mirror folder: the signature over the manifest, then every listed file's hash, then that no file
    /// is missing from the list. Returns the problems found (empty when the mirror is intact).
    /// </summary>
    public static List<string> Verify(string folder, string publicKeyPem)
    {
        var problems = new List<string>();
        var manifestPath = Path.Combine(folder, FileName);
        var sigPath = Path.Combine(folder, SignatureFileName);
        if (!File.Exists(manifestPath) || !File.Exists(sigPath))
            return [$"{FileName} or {SignatureFileName} is missing"];
        var manifestBytes = File.ReadAllBytes(manifestPath);
        if (!MirrorSigningKey.Verify(publicKeyPem, manifestBytes, File.ReadAllBytes(sigPath)))
            problems.Add("signature does not match the manifest");
        var listed = Parse(Encoding.UTF8.GetString(manifestBytes));
        foreach (var (path, hash) in listed)
        {
            var full = Path.Combine(folder, path);
            if (!File.Exists(full))
                problems.Add($"missing: {path}");
            else if (Hash(File.ReadAllBytes(full)) != hash)
                problems.Add($"changed: {path}");
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (rel is not FileName and not SignatureFileName && !listed.ContainsKey(rel))
                problems.Add($"not listed: {rel}");
        }

        return problems;
    }
}
