// Giving up root once the sockets are open: chroot, then the user's groups,
// group and user (in that order: after setuid there is no going back to
// change groups).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "util/expected.hh"

namespace lnsd {

struct UserIdentity {
  std::string name;  // empty when given as numbers
  uid_t uid = 0;
  gid_t gid = 0;
};

// `username:` as NSD reads it: a user name, a uid, or "uid.gid". Resolved
// before chroot, while /etc/passwd is reachable.
Expected<UserIdentity, Error> resolve_user(std::string_view username);

// chroot (when `chroot_dir` is not empty), then the identity of `user` (when
// given). Only root can do either: for another user, a `user` other than
// itself is an error.
Expected<void, Error> drop_privileges(const UserIdentity* user, const std::string& chroot_dir);

// Where `path` is seen from inside `chroot_dir` ("/var/lnsd/log" with chroot
// "/var/lnsd" is "/log"); unchanged without a chroot or outside it.
std::string path_in_chroot(const std::string& path, const std::string& chroot_dir);

}  // namespace lnsd
