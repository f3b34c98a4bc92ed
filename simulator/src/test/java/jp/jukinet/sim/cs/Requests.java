package jp.jukinet.sim.cs;

import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;

/** Request builders for the tests. */
final class Requests {
  private Requests() {}

  static FourItems fourItems(String name, String birth, String address) {
    return FourItems.newBuilder()
        .setName(name)
        .setBirthDate(birth)
        .setSex(Sex.SEX_FEMALE)
        .setAddress(address)
        .build();
  }

  static ResidentOperationRequest.Builder birth(String name, String birth, String address) {
    return ResidentOperationRequest.newBuilder()
        .setBirth(
            Birth.newBuilder()
                .setFourItems(fourItems(name, birth, address))
                .setHeadOfHousehold("山梨 太郎")
                .setRelationship("子"));
  }
}
