using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/audits/{id}/evidence: photos of a draft audit (the parcel, its packing). A file is a JPEG, PNG or
/// WebP by its first bytes — the name and the declared type are not trusted — at most <see cref="MaxBytes"/>, and an
/// audit keeps at most <see cref="MaxFiles"/>. The bytes are written under the data directory
/// (<c>{DataDir}/quality/evidence</c>, like the mail pickup folder) by a name of our own; only the API serves them back.
/// </summary>
public sealed class AddAuditEvidence(TouchpointDb db, TouchpointPaths paths, TimeProvider time)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;

    public sealed record Upload(string FileName, long Length, Func<Stream> Open);

    public sealed record Accepted(string FileName, string ContentType, string Extension, byte[] Bytes);

    public string Folder => paths.Under("quality", "evidence");

    /// <summary>The content type a file's first bytes say it is, or null when it is not one of the accepted images.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ("image/jpeg", ".jpg");
        }
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", ".webp");
        }
        return null;
    }

    public async Task<(IReadOnlyList<Accepted>? Files, Validation Validation)> ValidateAsync(Audit audit, IReadOnlyList<Upload> uploads, CancellationToken ct)
    {
        var v = new Validation();
        if (uploads.Count == 0)
        {
            return (null, v.Add("file", Texts.Ui("Valid.Quality.NoFile")));
        }
        var existing = await db.Set<AuditEvidence>().CountAsync(e => e.AuditId == audit.Id, ct);
        if (existing + uploads.Count > MaxFiles)
        {
            return (null, v.Add("file", Texts.Ui("Valid.Quality.TooManyFiles", MaxFiles)));
        }
        var accepted = new List<Accepted>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var u = uploads[i];
            var field = uploads.Count == 1 ? "file" : $"file[{i}]";
            if (u.Length > MaxBytes)
            {
                v.Add(field, Texts.Ui("Valid.Quality.FileTooBig", MaxBytes / 1024 / 1024));
                continue;
            }
            if (u.Length == 0)
            {
                v.Add(field, Texts.Ui("Valid.Quality.NotAnImage"));
                continue;
            }
            using var buffer = new MemoryStream();
            await using (var stream = u.Open())
            {
                await stream.CopyToAsync(buffer, ct);
            }
            var bytes = buffer.ToArray();
            if (bytes.Length > MaxBytes)
            {
                v.Add(field, Texts.Ui("Valid.Quality.FileTooBig", MaxBytes / 1024 / 1024));
                continue;
            }
            if (Sniff(bytes) is not { } kind)
            {
                v.Add(field, Texts.Ui("Valid.Quality.NotAnImage"));
                continue;
            }
            var name = Path.GetFileName(u.FileName.Replace('\\', '/')).Trim();
            name = string.IsNullOrEmpty(name) ? $"photo{kind.Extension}" : name.Length > 200 ? name[..200] : name;
            accepted.Add(new Accepted(name, kind.ContentType, kind.Extension, bytes));
        }
        return v.IsValid ? (accepted, v) : (null, v);
    }

    /// <summary>Writes the files, then their rows; a failed save removes the files it wrote.</summary>
    public async Task<IReadOnlyList<AuditEvidence>> ExecuteAsync(Audit audit, IReadOnlyList<Accepted> files, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = (await db.Set<AuditEvidence>().Where(e => e.AuditId == audit.Id).MaxAsync(e => (int?)e.Number, ct) ?? 0) + 1;
        var written = new List<string>();
        var rows = new List<AuditEvidence>();
        try
        {
            foreach (var f in files)
            {
                var stored = $"{audit.Id:N}-{Guid.NewGuid():N}{f.Extension}";
                var path = Path.Combine(Folder, stored);
                await File.WriteAllBytesAsync(path, f.Bytes, ct);
                written.Add(path);
                var row = AuditEvidence.Of(audit.Id, next++, f.FileName, f.ContentType, f.Bytes.Length, stored, actor, now);
                rows.Add(row);
                db.Set<AuditEvidence>().Add(row);
            }
            await db.SaveChangesAsync(ct);
            return rows;
        }
        catch
        {
            foreach (var path in written)
            {
                File.Delete(path);
            }
            throw;
        }
    }

    /// <summary>The file behind an evidence row; null when it is missing on disk.</summary>
    public string? PathOf(AuditEvidence evidence)
    {
        var path = Path.Combine(Folder, Path.GetFileName(evidence.StoredName));
        return File.Exists(path) ? path : null;
    }
}
