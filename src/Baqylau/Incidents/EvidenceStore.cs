using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Baqylau.Incidents;

public sealed class EvidenceOptions
{
    /// <summary>Where evidence files are stored: &lt;DataDirectory&gt;/evidence, outside wwwroot.</summary>
    public string Directory { get; set; } = string.Empty;

    public long MaxBytes { get; set; } = 50 * 1024 * 1024;
}

/// <summary>A stored evidence file: its random name, the type decided by its content, its size and SHA-256.</summary>
public sealed record StoredEvidence(string StorageName, string ContentType, long Size, string Sha256);

/// <summary>
/// Stores evidence files under random names outside the web root. The type is decided by the content (magic
/// bytes; text must be valid UTF-8), never by the file name, and only images, PDF, plain text and common
/// audio/video are accepted. The SHA-256 of the stored bytes lets anyone check a copy is unaltered.
/// </summary>
public sealed class EvidenceStore(IOptions<EvidenceOptions> options)
{
    public long MaxBytes => options.Value.MaxBytes;

    public static bool IsValidName(string? name) =>
        name is { Length: 32 } && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <exception cref="ValidationException">Too large or not an allowed type.</exception>
    public async Task<StoredEvidence> SaveAsync(Stream upload, CancellationToken ct = default)
    {
        var max = options.Value.MaxBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
                throw Invalid(IncidentErrors.EvidenceTooLarge, (int)(max / (1024 * 1024)));
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var type = Sniff(bytes.Span) ?? throw Invalid(IncidentErrors.EvidenceUnsupportedType, null);
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        System.IO.Directory.CreateDirectory(options.Value.Directory);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(PathOf(name), create))
            await file.WriteAsync(bytes, ct);
        return new StoredEvidence(name, type, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));
    }

    public string PathOf(string name) =>
        IsValidName(name) ? Path.Combine(options.Value.Directory, name) : throw new ArgumentException("Invalid evidence name.", nameof(name));

    /// <summary>The stored file, or null when its name is malformed or the file is gone (a database restored without its evidence folder).</summary>
    public Stream? TryOpenRead(string name)
    {
        if (!IsValidName(name))
            return null;
        try
        {
            return File.OpenRead(Path.Combine(options.Value.Directory, name));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The allowed type the bytes are, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        static bool At(ReadOnlySpan<byte> data, int offset, string ascii) =>
            data.Length >= offset + ascii.Length && data.Slice(offset, ascii.Length).SequenceEqual(Encoding.ASCII.GetBytes(ascii));
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
            return "image/jpeg";
        if (b.Length >= 8 && b[0] == 0x89 && At(b, 1, "PNG\r\n\x1a\n"))
            return "image/png";
        if (At(b, 0, "RIFF") && At(b, 8, "WEBP"))
            return "image/webp";
        if (At(b, 0, "%PDF-"))
            return "application/pdf";
        if (At(b, 0, "RIFF") && At(b, 8, "WAVE"))
            return "audio/wav";
        if (At(b, 0, "OggS"))
            return "audio/ogg";
        if (At(b, 0, "ID3") || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0))
            return "audio/mpeg";
        if (At(b, 4, "ftyp"))
            return At(b, 8, "M4A") ? "audio/mp4" : At(b, 8, "qt") ? "video/quicktime" : "video/mp4";
        if (b.Length >= 4 && b[0] == 0x1A && b[1] == 0x45 && b[2] == 0xDF && b[3] == 0xA3)
            return "video/webm";
        return IsText(b) ? "text/plain" : null;
    }

    // Valid UTF-8 with no control characters other than whitespace: a renamed executable is not "text".
    private static bool IsText(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0)
            return false;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(b);
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static ValidationException Invalid(string key, int? limit) =>
        new([new ValidationError(key, "Field_Evidence", null, limit)]);
}
